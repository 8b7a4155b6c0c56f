import { randomBytes } from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  apiClient,
  loginAs,
  newStudent,
  newSubjectWithQuestions,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import { ensureWebBuilt, launchBrowser, newPage, screenshot, signIn } from "./harness.ts";

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer({ seedDemo: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const saveState = (page: Page) => page.getByTestId("save-state").textContent();
const heading = (page: Page) => page.locator(".question h2").textContent();
/** The question on screen and the option chosen for it (radio values are option ids). */
async function answerOnScreen(page: Page): Promise<[string, string]> {
  const questionId = await page.locator(".question").getAttribute("data-question-id");
  const optionId = await page.locator(".question input:checked").getAttribute("value");
  return [questionId!, optionId!];
}

/** "9:41" → seconds. */
async function secondsLeft(page: Page): Promise<number> {
  const [m, s] = (await page.getByTestId("time-left").textContent())!.split(":").map(Number);
  return m! * 60 + s!;
}

describe("student: a self-paced exam through reload and a network outage", () => {
  it("registers, takes the 10-minute demo exam, answers, survives a reload, queues answers offline, delivers them, and gets the right score", async () => {
    const api = apiClient(server.url);
    const adminToken = await loginAs(api, ADMIN.email, ADMIN.password);
    const demo = (await api.get("/exams", adminToken)).body.items.find(
      (e: { title: string }) => e.title === "Demo imtihon (10 daqiqa)",
    );
    expect(demo).toMatchObject({ durationSeconds: 600, questionCount: 10, maxScore: 17 });
    const title = demo.title as string;
    const examId = demo.id as string;
    const answers = new Map<string, string>();
    const bank = (await api.get("/admin/questions?limit=1000", adminToken)).body.items as {
      id: string;
      correct: string[];
    }[];
    /** The 1-based position on screen of the current question's right option (options are shuffled). */
    const rightKey = async () => {
      const qid = await page.locator(".question").getAttribute("data-question-id");
      const right = bank.find((q) => q.id === qid)!.correct[0]!;
      const values = await page
        .locator(".question input")
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
      return String(values.indexOf(right) + 1);
    };

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
    await page.getByRole("button", { name: "Dasturiy injiniring" }).click();
    await expect.poll(() => page.getByRole("heading", { name: title }).isVisible()).toBe(true);
    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, "catalogue-360");
    await page.setViewportSize({ width: 1280, height: 860 });

    await page.getByRole("link", { name: `Start “${title}”` }).click();
    await page.waitForURL((u) => u.pathname === `/exam/${examId}`);
    // The start page: rules and a confirmation before the clock runs.
    await page.getByLabel("I have read the rules and I am ready").check();
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await expect.poll(() => heading(page)).toContain("Question 1 of 10");

    // Q1 right, by mouse; Q2 by keyboard.
    await page
      .getByRole("radio")
      .nth(Number(await rightKey()) - 1)
      .check();
    await expect.poll(() => saveState(page)).toBe("Saved ✓");
    answers.set(...(await answerOnScreen(page)));
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => heading(page)).toContain("Question 2 of 10");
    await page.keyboard.press("b");
    await expect.poll(() => saveState(page)).toBe("Saved ✓");
    answers.set(...(await answerOnScreen(page)));
    await page.getByRole("button", { name: /Question 3: unanswered/ }).click();
    await page.getByRole("button", { name: "Flag for review" }).click();
    await expect
      .poll(() => page.getByTestId("nav-legend").textContent())
      .toBe("2 answered · 8 unanswered · 1 flagged");
    await screenshot(page, "exam-room-desktop");
    const before = await secondsLeft(page);
    expect(before).toBeGreaterThan(540);

    // Reload mid-exam: answers, flags and the clock come back.
    await page.reload();
    await expect.poll(() => heading(page)).toContain("Question 3 of 10");
    await expect
      .poll(() => page.getByTestId("nav-legend").textContent())
      .toBe("2 answered · 8 unanswered · 1 flagged");
    const after = await secondsLeft(page);
    expect(after).toBeLessThanOrEqual(before);
    expect(after).toBeGreaterThan(before - 60);
    await page.keyboard.press("ArrowLeft");
    expect(await page.getByRole("radio").nth(1).isChecked()).toBe(true);
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("1");
    await expect.poll(() => saveState(page)).toBe("Saved ✓");
    answers.set(...(await answerOnScreen(page)));

    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, "exam-room-360");
    await page.setViewportSize({ width: 1280, height: 860 });

    // Offline: two more answers wait in the outbox, the banner says so.
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId("connection-banner").isVisible()).toBe(true);
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => heading(page)).toContain("Question 4 of 10");
    await page.keyboard.press(await rightKey());
    await expect.poll(() => saveState(page)).toBe("Queued: will be sent when back online");
    answers.set(...(await answerOnScreen(page)));
    await page.keyboard.press("ArrowRight");
    await page.keyboard.press("D");
    await expect.poll(() => saveState(page)).toBe("Queued: will be sent when back online");
    answers.set(...(await answerOnScreen(page)));
    await expect
      .poll(() => page.getByTestId("connection-banner").textContent())
      .toContain("Answers waiting to be sent: 2");
    await screenshot(page, "exam-room-offline");

    await context.setOffline(false);
    await expect.poll(() => page.getByTestId("connection-banner").count(), { timeout: 30_000 }).toBe(0);
    await expect.poll(() => saveState(page)).toBe("Saved ✓");
    await page.keyboard.press("ArrowLeft");
    await expect.poll(() => saveState(page)).toBe("Saved ✓");

    // The right score, from the answer key: points in hundredths so 1.1 + 3.1 stays exact.
    const detail = (await api.get(`/admin/exams/${examId}`, adminToken)).body.exam;
    let expected = 0;
    for (const section of detail.sections as { questionIds: string[]; pointsPerQuestion: number }[]) {
      for (const qid of section.questionIds) {
        const chosen = answers.get(qid);
        if (chosen && bank.find((q) => q.id === qid)!.correct.join() === chosen)
          expected += Math.round(section.pointsPerQuestion * 100);
      }
    }
    expect(answers.size).toBe(5);
    expect(expected).toBeGreaterThanOrEqual(110 + 110);
    await page.getByRole("button", { name: "Submit the exam" }).click();
    await expect.poll(() => page.getByRole("dialog").textContent()).toContain("Unanswered: 5.");
    await page.getByRole("button", { name: "Yes, submit" }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/attempts/"));
    await expect.poll(() => page.getByTestId("result-total").textContent()).toBe(`${expected / 100} / 17`);
    await screenshot(page, "result-page");

    await page.getByRole("link", { name: "My attempts" }).first().click();
    await expect
      .poll(() => page.locator(".list .score").first().textContent())
      .toBe(`${expected / 100} / 17`);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("ends by itself when time runs out: the 1-minute warning, then the attempt is handed in and scored", async () => {
    const api = apiClient(server.url);
    const adminToken = await loginAs(api, ADMIN.email, ADMIN.password);
    const { questionIds } = await newSubjectWithQuestions(api, adminToken, 2);
    const created = await api.post(
      "/admin/exams",
      {
        title: "Tezkor test",
        mode: "self_paced",
        durationSeconds: 20,
        review: "score",
        sections: [{ title: "Fan", questionIds, pointsPerQuestion: 1.5 }],
      },
      adminToken,
    );
    const examId = created.body.exam.id as string;
    expect((await api.post(`/admin/exams/${examId}/publish`, undefined, adminToken)).status).toBe(200);
    const student = await newStudent(api, "tezkor");

    const { page, context, errors } = await newPage(browser, { lang: "en" });
    await signIn(page, server.url, student.email, student.password, `/exam/${examId}`);
    await page.getByLabel("I have read the rules and I am ready").check();
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await expect.poll(() => heading(page)).toContain("Question 1 of 2");
    await page.keyboard.press("1");
    await expect.poll(() => saveState(page)).toBe("Saved ✓");
    await expect.poll(() => page.getByRole("alert").filter({ hasText: "1 minute left!" }).count()).toBe(1);
    // Nobody submits: the server closes the attempt at its deadline and the room follows.
    await expect
      .poll(() => page.getByTestId("room-ended").textContent(), { timeout: 45_000 })
      .toContain("Time is up: your answers were handed in");
    await expect.poll(() => page.getByTestId("room-ended").textContent()).toContain("1.5 / 3");
    // A reload shows this result rather than starting a new attempt.
    await page.reload();
    await expect.poll(() => page.getByTestId("result-total").textContent()).toBe("1.5 / 3");
    expect(new URL(page.url()).pathname).toMatch(/^\/attempts\//);
    expect(errors).toEqual([]);
    await context.close();
  });
});
