import { createExamClient } from "@imtihon/client-sdk";
import type { Browser, Page } from "playwright-core";
import {
  ADMIN,
  loginAs,
  newExam,
  newStudent,
  newUser,
  apiClient,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureWebBuilt, launchBrowser, newPage, screenshot } from "./harness.ts";

// Issue #13, the rest of the exam room: a proctor message the student closed stays closed after a
// reload (the live copy and the stored one are the same message), and a socket refused for going too
// fast says how long to wait, in the student's language with its plural rules.
let server: TestServer;
let browser: Browser;
let adminToken: string;
const api = () => apiClient(server.url);

beforeAll(async () => {
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
  adminToken = await loginAs(api(), ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const shownMessages = (page: Page) => page.getByTestId("proctor-message").allTextContents();

describe("exam room notices", () => {
  it("a proctor message the student closed does not come back after a reload; the others do", async () => {
    const exam = await newExam(api(), adminToken, { mode: "live", questions: 2 });
    const proctor = await newUser(api(), adminToken, "proctor");
    const created = await api().post("/sessions", { examId: exam.examId }, proctor.token);
    expect(created.status).toBe(201);
    const sessionId = created.body.session.id as string;
    const student = await newStudent(api(), "dismiss");
    const { page, context, errors } = await newPage(browser, { lang: "ru", width: 360, height: 740 });
    await page.goto(`${server.url}/login?next=${encodeURIComponent(`/join/${sessionId}`)}`);
    await page.locator('input[name="email"]').fill(student.email);
    await page.locator('input[name="password"]').fill(student.password);
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => page.getByTestId("lobby").isVisible()).toBe(true);

    // The proctor's own client, as the proctor page uses it.
    const client = createExamClient({ url: server.url, getToken: () => proctor.token });
    try {
      const watch = await client.watchSession(sessionId);
      await expect.poll(() => watch.roster.length).toBe(1);
      const attemptId = watch.roster[0]!.attemptId;
      await watch.message("Телефоны выключить");
      await watch.message("Сядьте ближе", attemptId);
      await expect.poll(() => shownMessages(page)).toHaveLength(2);
      await page
        .getByTestId("proctor-message")
        .filter({ hasText: "Телефоны выключить" })
        .getByRole("button", { name: "Закрыть" })
        .click();
      await expect.poll(() => shownMessages(page)).toHaveLength(1);

      await page.reload();
      await expect.poll(() => page.getByTestId("lobby").isVisible()).toBe(true);
      // Loaded from the server again: the one still open is back, the closed one is not.
      await expect.poll(() => shownMessages(page)).toEqual([expect.stringContaining("Сядьте ближе")]);
      // A new one after the reload still arrives live.
      await watch.message("Начинаем через минуту");
      await expect.poll(() => shownMessages(page)).toHaveLength(2);
      expect((await shownMessages(page)).join("|")).not.toContain("Телефоны выключить");
      await screenshot(page, "room-messages-360-ru");
    } finally {
      client.close();
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a start refused as too fast says how long to wait (Russian plural, then Uzbek), and works after it", async () => {
    const exam = await newExam(api(), adminToken, { questions: 2 });
    const student = await newStudent(api(), "fast");
    const { page, context, errors } = await newPage(browser, { lang: "ru" });
    await page.goto(`${server.url}/login?next=${encodeURIComponent(`/exam/${exam.examId}`)}`);
    await page.locator('input[name="email"]').fill(student.email);
    await page.locator('input[name="password"]').fill(student.password);
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => page.getByTestId("start-page").isVisible()).toBe(true);
    // The student's budget of socket events (60 per 10 s) is spent, as a flood of events would.
    await server.ctx.limiters.socketOther.penalty(student.id, 60);
    await page.getByLabel("Я прочитал правила и готов начать").check();
    await page.getByRole("button", { name: "Начать", exact: true }).click();
    const alert = page.getByRole("alert").locator("p.error");
    await expect.poll(() => alert.textContent()).toMatch(/^Слишком много запросов\./);
    const text = (await alert.textContent())!;
    const m = /^Слишком много запросов\. Подождите (\d+) (секунду|секунды|секунд) и повторите\.$/.exec(text);
    expect(m, text).not.toBeNull();
    const seconds = Number(m![1]);
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(10);
    const form = { one: "секунду", few: "секунды", many: "секунд", other: "секунды" } as Record<
      string,
      string
    >;
    expect(m![2]).toBe(form[new Intl.PluralRules("ru").select(seconds)]);
    await screenshot(page, "room-rate-limited-1280-ru");
    // The same error, re-said in Uzbek on a language switch.
    await page.getByLabel("Язык").selectOption("uz");
    await expect
      .poll(() => alert.textContent())
      .toMatch(/^Soʻrovlar juda koʻp\. \d+ soniya kuting va qayta urining\.$/);
    // After the wait, trying again starts the exam.
    await page.waitForTimeout((seconds + 1) * 1000);
    await page.getByRole("button", { name: "Qayta urinish" }).click();
    await expect.poll(() => page.locator(".question h2").textContent()).toContain("Savol 1 / 2");
    expect(errors).toEqual([]);
    await context.close();
  });
});
