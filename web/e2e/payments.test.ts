import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiClient, newStudent, startTestServer, type TestServer } from "@imtihon/testing";
import { ensureWebBuilt, launchBrowser, newPage, screenshot, signIn } from "./harness.ts";

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, "../..");
const PAYME = {
  merchantId: "e2e-merchant",
  key: "e2e-payme-key",
  checkoutUrl: "https://checkout.paycom.test",
};
const TITLE = "Pullik mashq imtihoni (10 daqiqa)";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer({ seedDemo: true, payme: PAYME }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe("student: buying a paid exam", () => {
  it("buys the paid demo exam, pays through Payme (the sandbox script stands in), and starts it", async () => {
    const api = apiClient(server.url);
    const student = await newStudent(api, "buyer");
    const { page, errors } = await newPage(browser, { lang: "en" });
    await signIn(page, server.url, student.email, student.password);

    const card = page.locator(".exam-card", { has: page.getByRole("heading", { name: TITLE }) });
    await expect.poll(() => card.getByText("15,000").or(card.getByText("15 000")).count()).toBeGreaterThan(0);
    const examId = (await api.get("/exams", student.token)).body.items.find(
      (e: { title: string }) => e.title === TITLE,
    ).id as string;
    await card.getByRole("button", { name: `Buy “${TITLE}”` }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/payments/orders/"));
    const orderId = new URL(page.url()).pathname.split("/").pop()!;
    await expect.poll(() => page.getByTestId("order-status").textContent()).toBe("Awaiting payment");
    await screenshot(page, "order-pending");

    // "Pay with Payme" leads to Payme's checkout; here a stand-in page answers for Payme's host.
    let checkout = "";
    await page.route(`${PAYME.checkoutUrl}/**`, (route) => {
      checkout = route.request().url();
      return route.fulfill({ contentType: "text/html", body: "<h1>Payme (sandbox)</h1>" });
    });
    await page.getByRole("link", { name: "Pay with Payme" }).click();
    await expect.poll(() => page.getByRole("heading", { name: "Payme (sandbox)" }).isVisible()).toBe(true);
    const params = Buffer.from(checkout.slice(PAYME.checkoutUrl.length + 1), "base64").toString();
    expect(params).toMatch(
      new RegExp(
        `^m=${PAYME.merchantId};ac\\.order_id=${orderId};a=1500000;c=.+/payments/orders/${orderId}$`,
      ),
    );

    // The payer pays: the sandbox script makes Payme's calls to the node.
    const out = await run(
      process.execPath,
      [path.join(ROOT, "server/src/payments/sandbox-cli.ts"), orderId, "--url", server.url],
      {
        cwd: ROOT,
        env: {
          ...process.env,
          DATABASE_URL: server.database.url,
          PAYME_MERCHANT_ID: PAYME.merchantId,
          PAYME_KEY: PAYME.key,
        },
        timeout: 60_000,
      },
    );
    expect(out.stdout).toContain("← PerformTransaction");
    expect(out.stdout.trim().split("\n").pop()).toBe("paid");

    // Back on our return page: it polls the order, says paid and offers Start.
    await page.goto(`${server.url}/payments/orders/${orderId}`);
    await expect.poll(() => page.getByTestId("order-status").textContent()).toBe("Paid");
    await screenshot(page, "order-paid");
    await page.getByRole("link", { name: "Start the exam" }).click();
    await page.waitForURL((u) => u.pathname === `/exam/${examId}`);
    // The start page: rules and a confirmation before the clock runs.
    await page.getByLabel("I have read the rules and I am ready").check();
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await expect.poll(() => page.locator(".question h2").textContent()).toContain("Question 1 of 6");

    // "My payments" lists it, paid with Payme, with its receipt.
    await page.goto(`${server.url}/payments`);
    const row = page.locator(`tr[data-order="${orderId}"]`);
    await expect.poll(() => row.textContent()).toContain("Paid");
    expect(await row.textContent()).toContain("Payme");
    expect(errors).toEqual([]);
  });

  it("admin: creates a product, sees the paid order unused, refunds it, and the revenue follows", async () => {
    const api = apiClient(server.url);
    const student = await newStudent(api, "refund");
    const exam = (await api.get("/exams", student.token)).body.items.find(
      (e: { title: string }) => e.title === TITLE,
    );
    const order = (await api.post("/orders", { examId: exam.id }, student.token)).body.order as {
      id: string;
    };
    const out = await run(
      process.execPath,
      [
        path.join(ROOT, "server/src/payments/sandbox-cli.ts"),
        order.id,
        "--url",
        server.url,
        "--amount",
        "15000",
      ],
      {
        cwd: ROOT,
        env: { ...process.env, PAYME_MERCHANT_ID: PAYME.merchantId, PAYME_KEY: PAYME.key },
        timeout: 60_000,
      },
    );
    expect(out.stdout.trim().split("\n").pop()).toBe("paid");

    const { page, errors } = await newPage(browser, { lang: "en" });
    await signIn(page, server.url, ADMIN.email, ADMIN.password, "/admin/products");
    await page.getByLabel("Title").fill("30 days, every DTM mock");
    await page.getByLabel("Price (UZS)").fill("99000");
    await page.getByLabel("Days (optional)").fill("30");
    await page.getByRole("button", { name: "Create" }).click();
    const product = page.locator('tr[data-product="30 days, every DTM mock"]');
    await expect
      .poll(() => product.textContent())
      .toContain("Every paid exam · Unlimited attempts · 30 days");

    await page.getByRole("link", { name: "Orders" }).click();
    await page.getByLabel("Student").fill("Talaba refund");
    await page.getByRole("button", { name: "Filter" }).click();
    const row = page.locator(`tr[data-order="${order.id}"]`);
    await expect.poll(() => row.textContent()).toContain("Paid");
    expect(await row.textContent()).toContain("No");
    page.once("dialog", (d) => void d.accept());
    await row.getByRole("button", { name: "Refund" }).click();
    await expect.poll(() => row.textContent()).toContain("Refunded");
    await screenshot(page, "admin-orders");

    await page.getByRole("link", { name: "Revenue" }).click();
    await expect.poll(() => page.getByText("Refunded:").textContent()).toMatch(/15.000 UZS/);
    expect(errors).toEqual([]);
  });

  it("with no provider configured, a paid exam says so instead of offering a dead button", async () => {
    const bare = await startTestServer({ seedDemo: true, payme: null, click: null });
    try {
      const student = await newStudent(apiClient(bare.url), "nobuy");
      const { page, context } = await newPage(browser, { lang: "en" });
      await signIn(page, bare.url, student.email, student.password);
      const card = page.locator(".exam-card", { has: page.getByRole("heading", { name: TITLE }) });
      await expect.poll(() => card.getByText("Online payment is not set up yet").isVisible()).toBe(true);
      expect(await card.getByRole("button", { name: `Buy “${TITLE}”` }).count()).toBe(0);
      await context.close();
    } finally {
      await bare.stop();
    }
  });
});
