import {
  ADMIN,
  loginAs,
  newStudent,
  apiClient,
  newItemBank,
  newItemExam,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

const saveState = (page: Page) => page.getByTestId("save-state").textContent();
const heading = (page: Page) => page.locator(".question h2").textContent();
const noSideScroll = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth);

describe("student: one question of each kind on a phone", () => {
  it("answers single, multiple, numeric, short text and matching at 360 px and gets the partial-credit score", async () => {
    const api = apiClient(server.url);
    const admin = await loginAs(api, ADMIN.email, ADMIN.password);
    const bank = await newItemBank(api, admin);
    const examId = await newItemExam(api, admin, bank, { scoring: "partial", review: "score" });
    const student = await newStudent(api, "turlar");

    const { page, context, errors } = await newPage(browser, { width: 360, height: 740, lang: "en" });
    await signIn(page, server.url, student.email, student.password, `/exam/${examId}`);
    await page.getByLabel("I have read the rules and I am ready").check();
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await expect.poll(() => heading(page)).toContain("Question 1 of 5");
    const next = async (n: number) => {
      await page.getByRole("button", { name: "Next →" }).click();
      await expect.poll(() => heading(page)).toContain(`Question ${n} of 5`);
    };

    // 1. Single choice: the right option.
    await page.locator('.question input[value="b"]').check();
    await expect.poll(() => saveState(page)).toBe("Saved ✓");

    // 2. Multiple choice: two of the three right ones, no wrong one (2/3 of 2 points → 1.33).
    await next(2);
    await page.locator('.question input[value="a"]').check();
    await expect.poll(() => saveState(page)).toBe("Saved ✓");
    await page.locator('.question input[value="c"]').check();
    await expect.poll(() => saveState(page)).toBe("Saved ✓");

    // 3. Numeric: the decimal keypad; a non-number is explained and never sent; "0,5" is right.
    await next(3);
    const number = page.getByLabel("Your answer (a number)");
    expect(await number.getAttribute("inputmode")).toBe("decimal");
    await number.fill("yarim");
    await expect
      .poll(() => page.locator(".typed-answer .field-error").textContent())
      .toContain("That is not a number");
    expect(await number.getAttribute("aria-invalid")).toBe("true");
    await number.fill("0,5");
    await number.press("Enter");
    await expect.poll(() => saveState(page)).toBe("Saved ✓");

    // 4. Short text: case and spaces do not matter.
    await next(4);
    const text = page.getByLabel("Your answer", { exact: true });
    await text.fill("  GIPOTENUZA ");
    await text.blur();
    await expect.poll(() => saveState(page)).toBe("Saved ✓");

    // 5. Matching: a native select per left item; two of three pairs right (→ 1.33).
    await next(5);
    const selects = page.getByTestId("match-select");
    expect(await selects.count()).toBe(3);
    for (const [left, right] of [
      ["1. x^2", "2x"],
      ["2. sin x", "cos x"],
      ["3. e^x", "-sin x"],
    ] as const) {
      const select = page.getByLabel(left);
      const value = await select
        .locator("option")
        .evaluateAll(
          (os, want) => os.find((o) => o.textContent!.endsWith(` ${want}`))?.getAttribute("value"),
          right,
        );
      await select.selectOption(value!);
      await expect.poll(() => saveState(page)).toBe("Saved ✓");
    }
    expect(await noSideScroll(page)).toBe(true);
    await screenshot(page, "exam-room-matching-360");

    // Back to the numeric question after a reload: the saved typed answer is still there.
    await page.reload();
    await expect.poll(() => heading(page)).toContain("Question 5 of 5");
    expect(await page.getByLabel("2. sin x").inputValue()).not.toBe("");
    await page.getByRole("button", { name: "← Previous" }).click();
    await page.getByRole("button", { name: "← Previous" }).click();
    await expect.poll(() => heading(page)).toContain("Question 3 of 5");
    expect(await page.getByLabel("Your answer (a number)").inputValue()).toBe("0,5");
    await expect
      .poll(() => page.getByTestId("nav-legend").textContent())
      .toBe("5 answered · 0 unanswered · 0 flagged");

    await page.getByRole("button", { name: "Submit the exam" }).click();
    await page.getByRole("button", { name: "Yes, submit" }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/attempts/"));
    // 2 + 1.33 + 2 + 2 + 1.33
    await expect.poll(() => page.getByTestId("result-total").textContent()).toBe("8.66 / 10");
    await expect
      .poll(() => page.getByTestId("result-topics").textContent())
      .toContain("Algebra › Kvadrat tenglamalar");
    expect(await noSideScroll(page)).toBe(true);
    await screenshot(page, "result-topics-360");
    expect(errors).toEqual([]);
    await context.close();
  });
});
