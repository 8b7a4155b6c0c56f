import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  apiClient,
  loginAs,
  newExam,
  newStudent,
  newUser,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
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

const row = (page: Page, name: string) => page.locator(`[role="row"][data-student="${name}"]`);
const cell = (page: Page, name: string, testId: string) => row(page, name).getByTestId(testId).textContent();
function seconds(text: string | null): number {
  const [m, s] = (text ?? "0:0").split(":").map(Number);
  return m! * 60 + s!;
}

describe("proctor: a live session with two students", () => {
  it("creates a session, students wait in the lobby, start, pause, message, extend one, end; the roster follows", async () => {
    const api = apiClient(server.url);
    const adminToken = await loginAs(api, ADMIN.email, ADMIN.password);
    const exam = await newExam(api, adminToken, { mode: "live", questions: 4, points: 2 });
    const title = (await api.get(`/exams/${exam.examId}`, adminToken)).body.title as string;
    const proctor = await newUser(api, adminToken, "proctor");

    const p = await newPage(browser, { lang: "en" });
    await signIn(p.page, server.url, proctor.email, proctor.password, "/proctor");
    await p.page.getByLabel("Exam").selectOption({ label: `${title} (Live)` });
    await p.page.getByRole("button", { name: "Create a session" }).click();
    await p.page.waitForURL((u) => u.pathname.startsWith("/proctor/sessions/"));
    await expect.poll(() => p.page.getByTestId("session-state").textContent()).toBe("State: Lobby");
    const link = await p.page.getByTestId("join-link").inputValue();
    expect(link).toMatch(new RegExp(`^${server.url}/join/[0-9a-f-]{36}$`));

    // Two students follow the link, sign in, and wait in the lobby: Aziz on a laptop in English,
    // Bobur on a 360 px phone in Uzbek, the default.
    const path = new URL(link).pathname;
    const join = async (tag: string, lang: "en" | "uz") => {
      const account = await newStudent(api, tag);
      const s = await newPage(browser, lang === "uz" ? { width: 360, height: 740 } : { lang });
      await signIn(s.page, server.url, account.email, account.password, path, lang);
      return { ...s, name: `Talaba ${tag}` };
    };
    const [aziz, bobur, charos] = await Promise.all([
      join("Aziz", "en"),
      join("Bobur", "uz"),
      join("Charos", "en"),
    ]);
    const students = [aziz, bobur];
    await expect
      .poll(() => aziz.page.getByTestId("lobby").textContent())
      .toContain("Waiting for the proctor");
    await expect.poll(() => bobur.page.getByTestId("lobby").textContent()).toContain("Proktor kutilmoqda");
    await screenshot(bobur.page, "student-lobby-360-uz");
    for (const s of students) {
      await expect.poll(() => cell(p.page, s.name, "roster-status")).toBe("In the lobby");
    }

    await p.page.getByRole("button", { name: "Start" }).click();
    await expect.poll(() => p.page.getByTestId("session-state").textContent()).toBe("State: Running");
    await expect.poll(() => aziz.page.locator(".question h2").textContent()).toContain("Question 1 of 4");
    await expect.poll(() => bobur.page.locator(".question h2").textContent()).toContain("Savol 1 / 4");
    for (const s of students)
      await expect.poll(() => cell(p.page, s.name, "roster-status")).toBe("In progress");
    await aziz.page.keyboard.press("1");
    await expect.poll(() => aziz.page.getByTestId("save-state").textContent()).toBe("Saved ✓");
    await expect.poll(() => cell(p.page, aziz.name, "roster-answered")).toBe("1/4");

    await p.page.getByRole("button", { name: "Pause" }).click();
    await expect.poll(() => p.page.getByTestId("session-state").textContent()).toBe("State: Paused");
    for (const s of students) await expect.poll(() => s.page.getByTestId("paused").isVisible()).toBe(true);
    await screenshot(bobur.page, "student-paused-360-uz");
    // A reload during the pause comes back paused, with the clock standing still.
    await aziz.page.reload();
    await expect.poll(() => aziz.page.getByTestId("paused").isVisible(), { timeout: 15_000 }).toBe(true);
    await p.page.getByRole("button", { name: "Resume" }).click();
    await expect.poll(() => p.page.getByTestId("session-state").textContent()).toBe("State: Running");
    for (const s of students) await expect.poll(() => s.page.getByTestId("paused").count()).toBe(0);

    await p.page.getByLabel("Message everyone").fill("Telefonlarni o‘chiring");
    await p.page.getByRole("button", { name: "Send", exact: true }).click();
    for (const s of students) {
      await expect
        .poll(() => s.page.getByTestId("proctor-message").textContent())
        .toContain("Telefonlarni o‘chiring");
    }
    await row(p.page, bobur.name)
      .getByRole("button", { name: `Message ${bobur.name}` })
      .click();
    await p.page.getByRole("dialog").getByLabel("Message text").fill("Bobur, sit closer to the front");
    await p.page.getByRole("dialog").getByRole("button", { name: "Send" }).click();
    await expect
      .poll(() => bobur.page.getByTestId("proctor-message").allTextContents())
      .toEqual([expect.stringContaining("Telefonlarni"), expect.stringContaining("sit closer")]);

    // Five more minutes for Aziz only.
    const azizBefore = seconds(await aziz.page.getByTestId("time-left").textContent());
    await row(p.page, aziz.name)
      .getByRole("button", { name: `Give ${aziz.name} 5 more minutes` })
      .click();
    await expect
      .poll(async () => seconds(await aziz.page.getByTestId("time-left").textContent()))
      .toBeGreaterThan(azizBefore + 200);
    await expect
      .poll(async () => seconds(await cell(p.page, aziz.name, "roster-time")))
      .toBeGreaterThan(seconds(await cell(p.page, bobur.name, "roster-time")) + 200);

    // An integrity signal from Aziz's browser reaches the feed and his row's flags.
    await aziz.page.evaluate(() => document.dispatchEvent(new Event("copy")));
    await expect.poll(() => p.page.locator(".feed-list").textContent()).toContain(`${aziz.name} copied`);
    await expect.poll(() => row(p.page, aziz.name).locator(".c-flags").textContent()).toBe("⚠ 1");

    // Charos is terminated with a reason: her room says so, the roster too.
    await row(p.page, charos.name)
      .getByRole("button", { name: `Terminate ${charos.name}` })
      .click();
    await p.page.getByRole("dialog").getByLabel("Reason").fill("Phone on the desk");
    await p.page.getByRole("dialog").getByRole("button", { name: "Terminate" }).click();
    await expect
      .poll(() => charos.page.getByTestId("room-ended").textContent())
      .toContain("The proctor removed you from the exam");
    await expect.poll(() => cell(p.page, charos.name, "roster-status")).toBe("Terminated");
    await screenshot(p.page, "proctor-roster");

    await p.page.getByRole("button", { name: "End the session" }).click();
    await p.page.getByRole("dialog").getByRole("button", { name: "End the session" }).click();
    await expect.poll(() => p.page.getByTestId("session-state").textContent()).toBe("State: Ended");
    for (const s of students) {
      await expect.poll(() => s.page.getByTestId("room-ended").isVisible()).toBe(true);
      await expect.poll(() => cell(p.page, s.name, "roster-status")).toBe("Submitted");
    }
    await screenshot(aziz.page, "student-session-ended");
    await screenshot(bobur.page, "student-session-ended-360-uz");

    // The proctor opens Aziz's result (with the answer review staff always get), then the statistics.
    await row(p.page, aziz.name).getByRole("link", { name: aziz.name }).click();
    await expect.poll(() => p.page.getByTestId("result-total").textContent()).toBe("2 / 8");
    expect(await p.page.locator(".review > li").count()).toBe(4);
    await p.page.goBack();
    await p.page.getByRole("link", { name: "Statistics" }).click();
    await expect.poll(() => p.page.getByTestId("stats-attempts").textContent()).toBe("3");
    expect(await p.page.getByRole("img", { name: "Score distribution" }).isVisible()).toBe(true);
    expect(await p.page.getByTestId("stats-questions").locator("tbody tr").count()).toBe(4);
    await screenshot(p.page, "exam-stats");

    for (const x of [p, ...students, charos]) {
      expect(x.errors).toEqual([]);
      await x.context.close();
    }
  });

  it("keeps a roster of 1,000 students virtualized: a few dozen rows in the DOM, scroll and search reach everyone", async () => {
    const api = apiClient(server.url);
    const adminToken = await loginAs(api, ADMIN.email, ADMIN.password);
    const exam = await newExam(api, adminToken, { mode: "live", questions: 3 });
    const created = await api.post("/sessions", { examId: exam.examId }, adminToken);
    const sessionId = created.body.session.id as string;
    // 1,000 students in the lobby, written straight to the database: joining 1,000 sockets is the
    // load tests' job, this test is about the table.
    const db = server.ctx.db;
    const users = await db
      .insertInto("users")
      .values(
        Array.from({ length: 1000 }, (_, i) => ({
          email: `crowd-${i}-${sessionId.slice(0, 8)}@example.uz`,
          password_hash: "x",
          full_name: `Talaba ${String(i).padStart(4, "0")}`,
          role: "student" as const,
        })),
      )
      .returning("id")
      .execute();
    await db
      .insertInto("attempts")
      .values(
        users.map((u) => ({
          exam_id: exam.examId,
          session_id: sessionId,
          user_id: u.id,
          status: "lobby" as const,
          started_at: null,
          deadline_at: null,
          paused_at: null,
          submitted_at: null,
          question_order: exam.questionIds,
          option_order: JSON.stringify({}),
          score: null,
          max_score: 300,
        })),
      )
      .execute();

    const { page, context, errors } = await newPage(browser, { lang: "en" });
    await signIn(page, server.url, ADMIN.email, ADMIN.password, `/proctor/sessions/${sessionId}`);
    await expect.poll(() => page.getByRole("heading", { name: "Students: 1,000" }).isVisible()).toBe(true);
    const bodyRows = page.locator('.vtable [role="rowgroup"] [role="row"][data-student]');
    const rendered = await bodyRows.count();
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    expect(await page.locator(".vtable").getAttribute("aria-rowcount")).toBe("1001");

    const scroller = page.locator('.vtable > [role="rowgroup"][tabindex]');
    // A figure, not an assertion: frame times while scrolling top to bottom in 60 frames.
    const frames = await scroller.evaluate(async (el) => {
      const times: number[] = [];
      let last = performance.now();
      for (let i = 1; i <= 60; i++) {
        el.scrollTop = (el.scrollHeight * i) / 60;
        await new Promise((r) => requestAnimationFrame(r));
        const now = performance.now();
        times.push(now - last);
        last = now;
      }
      times.sort((a, b) => a - b);
      return { p50: times[30]!, max: times[59]! };
    });
    console.log(
      `[web] roster of 1,000: ${rendered} rows in the DOM; scroll frames p50 ${frames.p50.toFixed(1)} ms, max ${frames.max.toFixed(1)} ms`,
    );
    await expect.poll(() => row(page, "Talaba 0999").isVisible()).toBe(true);
    expect(await bodyRows.count()).toBeLessThan(60);
    await screenshot(page, "proctor-roster-1000");

    await page.getByLabel("Search by name").fill("0500");
    await expect.poll(() => bodyRows.count()).toBe(1);
    expect(await row(page, "Talaba 0500").isVisible()).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
