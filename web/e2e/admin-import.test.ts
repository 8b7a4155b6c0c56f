import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, apiClient, loginAs, newStudent, startTestServer, type TestServer } from "@imtihon/testing";
import { ensureWebBuilt, launchBrowser, newPage, screenshot, signIn } from "./harness.ts";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const csv = (rows: string[]) => ["subject,kind,stem,a,b,c,d,correct", ...rows].join("\n");

describe("admin: import questions, build and publish an exam", () => {
  it("refuses a CSV with a bad row (nothing saved), takes the fixed file, builds and publishes an exam a student sees", async () => {
    const api = apiClient(server.url);
    const adminToken = await loginAs(api, ADMIN.email, ADMIN.password);
    const tag = randomBytes(3).toString("hex");
    const code = `alg${tag}`;
    const subject = await api.post("/admin/subjects", { code, name: `Algebra ${tag}` }, adminToken);
    const subjectId = subject.body.subject.id as string;
    const direction = await api.post(
      "/admin/directions",
      { code: `dir${tag}`, name: `Muhandislik ${tag}`, subjectIds: [subjectId] },
      adminToken,
    );
    expect(direction.status).toBe(201);
    const questionCount = async () =>
      (await api.get(`/admin/questions?subjectId=${subjectId}`, adminToken)).body.items.length as number;

    const { page, context, errors } = await newPage(browser, { lang: "en" });
    await signIn(page, server.url, ADMIN.email, ADMIN.password, "/admin/import");
    await expect.poll(() => page.getByRole("heading", { name: "Import questions" }).isVisible()).toBe(true);

    // One bad row: its correct option "e" does not exist.
    const bad = csv([
      `${code},single,2 + 2 = ?,3,4,5,6,b`,
      `${code},single,3 * 3 = ?,6,9,12,,e`,
      `${code},multiple,Primes?,2,4,5,9,a|c`,
    ]);
    await page
      .getByLabel("CSV or JSON file")
      .setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(bad) });
    await expect
      .poll(() => page.getByTestId("import-summary").textContent())
      .toContain("1 of 3 rows have errors");
    await expect
      .poll(() => page.locator('tr[data-line="3"]').textContent())
      .toContain("Correct: there is no option “e”");
    expect(await page.getByRole("button", { name: "Save 3 questions" }).isDisabled()).toBe(true);
    await screenshot(page, "admin-import-errors");
    expect(await questionCount()).toBe(0);

    const fixed = bad.replace(",,e", ",15,b");
    await page
      .getByLabel("CSV or JSON file")
      .setInputFiles({ name: "fixed.csv", mimeType: "text/csv", buffer: Buffer.from(fixed) });
    await expect
      .poll(() => page.getByTestId("import-summary").textContent())
      .toContain("3 questions, all valid");
    await page.getByRole("button", { name: "Save 3 questions" }).click();
    await expect
      .poll(() => page.getByRole("status").filter({ hasText: "Saved 3 questions." }).count())
      .toBe(1);
    expect(await questionCount()).toBe(3);

    // Build an exam from one section of the imported questions, then publish it.
    await page.getByRole("link", { name: "Build an exam" }).click();
    const title = `Kirish testi ${tag}`;
    await page.getByLabel("Title", { exact: true }).fill(title);
    await page.getByLabel("Direction").selectOption({ label: `Muhandislik ${tag}` });
    await page.getByLabel("Duration (minutes)").fill("10");
    await page.getByLabel("Subject").selectOption({ label: `Algebra ${tag}` });
    await expect.poll(() => page.getByText("Chosen: 0 of 3").isVisible()).toBe(true);
    await page.getByRole("button", { name: "Select all" }).click();
    await page.getByLabel("Points per question").fill("3.1");
    await page.getByRole("button", { name: "Save as draft" }).click();
    await page.waitForURL((u) => u.pathname === "/admin/exams");
    const row = page.locator(`tr[data-exam="${title}"]`);
    await expect.poll(() => row.textContent()).toContain("Draft");
    expect(await row.textContent()).toContain("9.3");
    await row.getByRole("button", { name: "Publish" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Publish" }).click();
    await expect.poll(() => row.textContent()).toContain("Published");

    // A student sees it in the catalogue under its direction.
    const student = await newStudent(api, "catalogue");
    const s = await newPage(browser, { lang: "en" });
    await signIn(s.page, server.url, student.email, student.password, "/");
    await s.page.getByRole("button", { name: `Muhandislik ${tag}` }).click();
    await expect.poll(() => s.page.getByRole("heading", { name: title }).isVisible()).toBe(true);
    expect(await s.page.getByRole("link", { name: `Start “${title}”` }).isVisible()).toBe(true);

    expect(errors).toEqual([]);
    expect(s.errors).toEqual([]);
    await s.context.close();
    await context.close();
  });
});
