import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, loginAs, newExam, newStudent, newUser } from "../../server/src/http/test-fixtures.ts";
import { apiClient } from "../../server/src/testing/http.ts";
import { startTestServer, type TestServer } from "../../server/src/testing/server.ts";
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

    // Two students follow the link, sign in, and wait in the lobby.
    const students = await Promise.all(
      ["Aziz", "Bobur"].map(async (tag) => {
        const account = await newStudent(api, tag);
        const s = await newPage(browser, { lang: "en" });
        const path = new URL(link).pathname;
        await signIn(s.page, server.url, account.email, account.password, path);
        await expect
          .poll(() => s.page.getByTestId("lobby").textContent())
          .toContain("Waiting for the proctor");
        return { ...s, name: `Talaba ${tag}` };
      }),
    );
    const [aziz, bobur] = students as [(typeof students)[0], (typeof students)[0]];
    for (const s of students) {
      await expect.poll(() => cell(p.page, s.name, "roster-status")).toBe("In the lobby");
    }

    await p.page.getByRole("button", { name: "Start" }).click();
    await expect.poll(() => p.page.getByTestId("session-state").textContent()).toBe("State: Running");
    for (const s of students) {
      await expect.poll(() => s.page.locator(".question h2").textContent()).toContain("Question 1 of 4");
      await expect.poll(() => cell(p.page, s.name, "roster-status")).toBe("In progress");
    }
    await aziz.page.keyboard.press("1");
    await expect.poll(() => aziz.page.getByTestId("save-state").textContent()).toBe("Saved ✓");
    await expect.poll(() => cell(p.page, aziz.name, "roster-answered")).toBe("1/4");

    await p.page.getByRole("button", { name: "Pause" }).click();
    await expect.poll(() => p.page.getByTestId("session-state").textContent()).toBe("State: Paused");
    for (const s of students) await expect.poll(() => s.page.getByTestId("paused").isVisible()).toBe(true);
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
    await screenshot(p.page, "proctor-roster");

    await p.page.getByRole("button", { name: "End the session" }).click();
    await p.page.getByRole("dialog").getByRole("button", { name: "End the session" }).click();
    await expect.poll(() => p.page.getByTestId("session-state").textContent()).toBe("State: Ended");
    for (const s of students) {
      await expect.poll(() => s.page.getByTestId("room-ended").isVisible()).toBe(true);
      await expect.poll(() => cell(p.page, s.name, "roster-status")).toBe("Submitted");
    }
    await screenshot(aziz.page, "student-session-ended");

    for (const x of [p, ...students]) {
      expect(x.errors).toEqual([]);
      await x.context.close();
    }
  });
});
