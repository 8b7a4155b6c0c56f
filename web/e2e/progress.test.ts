import {
  newStudent,
  createUser,
  apiClient,
  createSubjectExam,
  takeExam,
  type SubjectExam,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureWebBuilt, launchBrowser, newPage, screenshot, signIn } from "./harness.ts";

let server: TestServer;
let browser: Browser;
let sheet: SubjectExam;
let practice: SubjectExam;

beforeAll(async () => {
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  const db = server.ctx.db;
  sheet = await createSubjectExam(db, {
    title: "Sinov DTM",
    sections: [
      { subject: "Algebra", count: 4, points: 310 },
      { subject: "Fizika", count: 4, points: 210 },
    ],
  });
  practice = await createSubjectExam(db, {
    title: "Fizika mashqi",
    sections: [{ subject: "Fizika", count: 3, points: 100 }],
  });
  // Three others on the sheet: 8, 4 and 2 right.
  for (const right of [8, 4, 2]) {
    const other = await createUser(db, "student");
    await takeExam(server.url, other.token, sheet, (_q, i) => i < right);
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Nothing on the page is wider than the phone's screen. */
const overflows = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);

describe("student: progress and standing on a 360 px phone", () => {
  it("shows score over time, accuracy per subject, the weakest subjects with practice links, and the result's standing", async () => {
    const api = apiClient(server.url);
    const student = await newStudent(api, "progress");
    // First sheet: Algebra 3/4, Fizika 1/4; second: Algebra 4/4, Fizika 2/4 (scores 11.4 and 16.6).
    await takeExam(server.url, student.token, sheet, (q, i) => (q.section === 0 ? i < 3 : i === 4));
    const second = await takeExam(server.url, student.token, sheet, (q, i) =>
      q.section === 0 ? true : i < 6,
    );

    const { page, errors } = await newPage(browser, { lang: "en", width: 360, height: 740 });
    await signIn(page, server.url, student.email, student.password, "/progress");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("My progress");
    await expect.poll(() => page.locator("[data-testid=score-chart] canvas").count()).toBeGreaterThan(0);
    const weakest = page.getByTestId("weakest").locator("li");
    await expect.poll(() => weakest.count()).toBe(2);
    expect(await weakest.nth(0).textContent()).toContain("Fizika");
    expect(await weakest.nth(0).textContent()).toContain("3 of 8 right (37.5%)");
    await expect
      .poll(() => weakest.nth(0).getByRole("link", { name: "Fizika mashqi" }).getAttribute("href"))
      .toBe(`/exam/${practice.id}`);
    const bySubject = page.getByTestId("by-subject");
    expect(await bySubject.getByRole("row", { name: /Algebra/ }).textContent()).toContain("87.5%");
    // One subject's line: the select switches the series; the table says the same in text.
    await page.getByLabel("Show").selectOption({ label: "Fizika" });
    await page.getByText("Show as a table").click();
    await expect
      .poll(() => page.getByTestId("over-time-table").locator("tbody tr").first().textContent())
      .toContain("4.2 / 8.4 (50%)");
    expect(await overflows(page)).toBe(false);
    await screenshot(page, "progress-360");

    // Russian: a decimal comma and a space before the percent sign.
    await page.getByLabel("Language").selectOption("ru");
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Мой прогресс");
    expect(
      await page
        .getByTestId("by-subject")
        .getByRole("row", { name: /Fizika/ })
        .textContent(),
    ).toContain("37,5 %");
    await page.getByLabel("Язык").selectOption("en");

    // The second attempt's result: 16.6 of 20.8 behind 20.8 (8 right): second of four.
    await page.goto(`${server.url}/attempts/${second}`);
    await expect.poll(() => page.getByTestId("standing-rank").textContent()).toBe("Rank 2 of 4");
    expect(await page.getByTestId("standing-percentile").textContent()).toBe(
      "Better than 50% of the students",
    );
    await expect
      .poll(() => page.locator("[data-testid=distribution-chart] canvas").count())
      .toBeGreaterThan(0);
    expect(await page.getByTestId("you-are-here").textContent()).toBe(
      "You are here: 16–18 points (1 student)",
    );
    expect(await overflows(page)).toBe(false);
    await page.getByTestId("standing").scrollIntoViewIfNeeded();
    await screenshot(page, "standing-360");
    expect(errors).toEqual([]);
  });

  it("tells a newcomer there is nothing yet and links to the exams", async () => {
    const api = apiClient(server.url);
    const student = await newStudent(api, "newcomer");
    const { page, errors } = await newPage(browser, { lang: "uz", width: 360, height: 740 });
    await signIn(page, server.url, student.email, student.password, "/progress", "uz");
    await expect
      .poll(() => page.getByTestId("progress-empty").textContent())
      .toContain("Hali yakunlangan imtihon yoʻq");
    expect(await page.getByTestId("progress-empty").getByRole("link").getAttribute("href")).toBe("/");
    expect(errors).toEqual([]);
  });
});
