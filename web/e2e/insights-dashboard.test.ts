import { ADMIN, newStudent, apiClient, startTestServer, type TestServer } from "@imtihon/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureWebBuilt, launchBrowser, newPage, screenshot, signIn } from "./harness.ts";

// Issue 15: the old site's results come over after sign-in, and the operators' dashboard on a phone.
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

/** What the old site left in this browser: three results and one it wrote without a score. */
const OLD_SITE = [
  { date: "12.02.2025 10:30", subject: "Matematika", score: 143.6, maxScore: 189, testName: "DTM 1" },
  { date: "2025-03-01", direction: "Fizika-matematika", score: "120,5", maxScore: 189 },
  { date: 1743500000000, subject: "Tarix", score: 21, maxScore: 30, correct: 21, total: 30 },
  { date: "2025-04-02", subject: "Kimyo", maxScore: 189 },
];

describe("the old site's results", () => {
  it("a student at 360 px is offered the import after sign-in, accepts, and sees the imported count and history", async () => {
    const api = apiClient(server.url);
    const student = await newStudent(api, "legacy");
    const { page, errors } = await newPage(browser, { lang: "en", width: 360, height: 740 });
    await page.goto(`${server.url}/login`);
    await page.evaluate((data) => localStorage.setItem("dtm_results", data), JSON.stringify(OLD_SITE));
    await signIn(page, server.url, student.email, student.password);

    const offer = page.getByTestId("legacy-offer");
    await expect.poll(() => offer.textContent()).toContain("This browser holds 4 results from the old site.");
    await screenshot(page, "legacy-offer-360-en");
    await offer.getByRole("button", { name: "Import" }).click();
    const result = page.getByTestId("legacy-result");
    await expect
      .poll(() => result.locator("p").textContent())
      .toBe("Imported: 3. Already there: 0. Rejected: 1.");
    expect(await result.locator("li").textContent()).toMatch(/^Entry 4: score: /);
    expect((await api.get("/me/legacy-results", student.token)).body.items).toHaveLength(3);

    await page.goto(`${server.url}/attempts`);
    await expect.poll(() => page.getByTestId("legacy-history").locator("tbody tr").count()).toBe(3);
    // Imported once: not offered again, and the old key is kept (marked in the import's state).
    expect(await page.getByTestId("legacy-offer").count()).toBe(0);
    expect(await page.evaluate(() => localStorage.getItem("dtm_results"))).not.toBeNull();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, "legacy-history-360-en");
    expect(errors).toEqual([]);
  });
});

describe("operators' dashboard", () => {
  it("an admin at 360 px sees today's figures in Russian; a student is refused the page", async () => {
    const api = apiClient(server.url);
    const student = await newStudent(api, "dash");
    const { page, errors } = await newPage(browser, { width: 360, height: 740 });
    await signIn(page, server.url, ADMIN.email, ADMIN.password, "/admin/dashboard", "uz");
    await page.getByLabel("Til", { exact: true }).selectOption("ru");
    await expect.poll(() => page.getByRole("heading", { name: "Сводка", level: 1 }).isVisible()).toBe(true);
    const totals = page.getByTestId("dash-totals");
    // Two students registered today in this file's database (this one and the one above).
    await expect
      .poll(() => totals.locator("div", { hasText: "Регистрации" }).locator("dd").textContent())
      .toBe("2");
    expect(await page.getByTestId("dash-days").locator("tbody tr").count()).toBe(30);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, "admin-dashboard-360-ru");

    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "CSV: По дням" }).click();
    expect((await download).suggestedFilename()).toMatch(
      /^imtihon-dashboard-days-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/,
    );
    expect(errors).toEqual([]);

    const s = await newPage(browser, { lang: "en" });
    await signIn(s.page, server.url, student.email, student.password, "/admin/dashboard");
    await expect.poll(() => s.page.getByRole("alert").textContent()).toBeTruthy();
    expect(await s.page.getByTestId("dash-totals").count()).toBe(0);
  });
});
