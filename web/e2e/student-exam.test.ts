import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, loginAs, newExam } from "../../server/src/http/test-fixtures.ts";
import { apiClient } from "../../server/src/testing/http.ts";
import { startTestServer, type TestServer } from "../../server/src/testing/server.ts";
import { ensureWebBuilt, launchBrowser, newPage, screenshot } from "./harness.ts";

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

const saveState = (page: Page) => page.getByTestId("save-state").textContent();
const heading = (page: Page) => page.locator(".question h2").textContent();
/** "9:41" → seconds. */
async function secondsLeft(page: Page): Promise<number> {
  const [m, s] = (await page.getByTestId("time-left").textContent())!.split(":").map(Number);
  return m! * 60 + s!;
}

describe("student: a self-paced exam through reload and a network outage", () => {
  it("registers, answers, survives a reload, queues answers offline, delivers them, and gets the right score", async () => {
    const api = apiClient(server.url);
    const adminToken = await loginAs(api, ADMIN.email, ADMIN.password);
    // Six single-choice questions, option "a" right, 1.1 points each, 10 minutes.
    const exam = await newExam(api, adminToken, { questions: 6, points: 1.1 });
    const title = (await api.get(`/exams/${exam.examId}`, adminToken)).body.title as string;

    const { page, context, errors } = await newPage(browser);
    await page.goto(`${server.url}/register`);
    // Uzbek (Latin) by default; switch to English through the language menu.
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Roʻyxatdan oʻtish");
    await page.getByLabel("Til").selectOption("en");
    await page.getByLabel("Full name").fill("Dilnoza Karimova");
    await page.getByLabel("Email").fill(`dilnoza-${randomBytes(3).toString("hex")}@example.uz`);
    await page.getByLabel("Password").fill("dilnoza-password-1");
    await page.getByRole("button", { name: "Register" }).click();
    await page.waitForURL((u) => u.pathname === "/");

    await page.getByRole("link", { name: `Start “${title}”` }).click();
    await page.waitForURL((u) => u.pathname === `/exam/${exam.examId}`);
    await expect.poll(() => heading(page)).toContain("Question 1 of 6");

    // Q1 by mouse (right), Q2 by keyboard (B, wrong).
    await page.getByRole("radio", { name: "2" }).check();
    await expect.poll(() => saveState(page)).toBe("Saved ✓");
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => heading(page)).toContain("Question 2 of 6");
    await page.keyboard.press("b");
    await expect.poll(() => saveState(page)).toBe("Saved ✓");
    await page.getByRole("button", { name: /Question 3: unanswered/ }).click();
    await page.getByRole("button", { name: "Flag for review" }).click();
    await expect
      .poll(() => page.getByTestId("nav-legend").textContent())
      .toBe("2 answered · 4 unanswered · 1 flagged");
    await screenshot(page, "exam-room-desktop");
    const before = await secondsLeft(page);
    expect(before).toBeGreaterThan(540);

    // Reload mid-exam: answers, flags and the clock come back.
    await page.reload();
    await expect.poll(() => heading(page)).toContain("Question 3 of 6");
    await expect
      .poll(() => page.getByTestId("nav-legend").textContent())
      .toBe("2 answered · 4 unanswered · 1 flagged");
    const after = await secondsLeft(page);
    expect(after).toBeLessThanOrEqual(before);
    expect(after).toBeGreaterThan(before - 60);
    await page.keyboard.press("ArrowLeft");
    expect(await page.getByRole("radio", { name: "4" }).isChecked()).toBe(true);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("1");
    await expect.poll(() => saveState(page)).toBe("Saved ✓");

    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, "exam-room-360");
    await page.setViewportSize({ width: 1280, height: 860 });

    // Offline: two more answers wait in the outbox, the banner says so.
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId("connection-banner").isVisible()).toBe(true);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => heading(page)).toContain("Question 4 of 6");
    await page.keyboard.press("a");
    await expect.poll(() => saveState(page)).toBe("Queued: will be sent when back online");
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("A");
    await expect.poll(() => saveState(page)).toBe("Queued: will be sent when back online");
    await expect
      .poll(() => page.getByTestId("connection-banner").textContent())
      .toContain("Answers waiting to be sent: 2");
    await screenshot(page, "exam-room-offline");

    await context.setOffline(false);
    await expect.poll(() => page.getByTestId("connection-banner").count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => saveState(page)).toBe("Saved ✓");
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => saveState(page)).toBe("Saved ✓");

    // Submit: five answered, four right → 4 × 1.1 = 4.4 of 6.6.
    await page.getByRole("button", { name: "Submit the exam" }).click();
    await expect.poll(() => page.getByRole("dialog").textContent()).toContain("Unanswered: 1.");
    await page.getByRole("button", { name: "Yes, submit" }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/attempts/"));
    await expect.poll(() => page.getByTestId("result-total").textContent()).toBe("4.4 / 6.6");
    await screenshot(page, "result-page");

    await page.getByRole("link", { name: "My attempts" }).first().click();
    await expect.poll(() => page.locator(".list .score").first().textContent()).toBe("4.4 / 6.6");
    expect(errors).toEqual([]);
    await context.close();
  });
});
