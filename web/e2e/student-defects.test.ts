import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  apiClient,
  loginAs,
  newExam,
  newStudent,
  newSubjectWithQuestions,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import { ensureWebBuilt, launchBrowser, newPage, screenshot, signIn } from "./harness.ts";

// Issue #13, the student's side: defects 2 (register), 7 (start page, resume), 8 (90-question
// navigator), 9 (decimal comma, Russian plurals), 10 (login limit says how long), 11 (submit dialog
// names flagged questions; language menu letters). One server and one browser for the file.
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

const heading = (page: Page) => page.locator(".question h2").textContent();
const fieldError = (page: Page, field: string) =>
  page.locator(`.field-error[data-field="${field}"]`).textContent();

async function startFromStartPage(page: Page, confirm: string, start: string) {
  await page.getByLabel(confirm).check();
  await page.getByRole("button", { name: start, exact: true }).click();
}

describe("student defects of issue #13", () => {
  it("register: our own messages under each field, in the chosen language, re-translated on a switch (2, 11)", async () => {
    const { page, context, errors } = await newPage(browser);
    let posted = 0;
    page.on("request", (r) => r.url().endsWith("/auth/register") && posted++);
    await page.goto(`${server.url}/register`);
    // The language menu writes Oʻzbekcha with the same letter as the rest of the UI.
    expect(await page.getByLabel("Til").locator("option").first().textContent()).toBe("Oʻzbekcha");
    // An empty form: no browser bubble (noValidate), our messages instead.
    await page.getByRole("button", { name: "Roʻyxatdan oʻtish" }).click();
    await expect.poll(() => fieldError(page, "fullName")).toBe("toʻldirilishi kerak");
    await expect.poll(() => fieldError(page, "password")).toBe("kamida 8 ta belgi");
    // A name of spaces only: refused in the page with the server's own rule, in Uzbek.
    await page.getByLabel("Ism va familiya").fill("    ");
    await page.getByLabel("Elektron pochta").fill("bo'sh@example.uz");
    await page.getByLabel("Parol").fill("yetarli-parol-1");
    await page.getByRole("button", { name: "Roʻyxatdan oʻtish" }).click();
    await expect.poll(() => fieldError(page, "fullName")).toBe("toʻldirilishi kerak");
    expect(await page.locator("body").textContent()).not.toContain("invalid payload");
    await screenshot(page, "register-errors-360-uz");
    // Switching to Russian re-translates the message already shown.
    await page.getByLabel("Til").selectOption("ru");
    await expect.poll(() => fieldError(page, "fullName")).toBe("обязательное поле");
    await page.getByLabel("Язык").selectOption("en");
    await expect.poll(() => fieldError(page, "fullName")).toBe("is required");
    expect(posted).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("start page before the clock, Resume in the catalogue, no silent new attempt after submitting; decimal comma; flagged in the submit dialog (7, 9, 11)", async () => {
    const exam = await newExam(api(), adminToken, { questions: 3, points: 1.1 });
    const title = (await api().get(`/exams/${exam.examId}`, adminToken)).body.title as string;
    const student = await newStudent(api(), "start");
    const { page, context, errors } = await newPage(browser, { lang: "uz" });
    await signIn(page, server.url, student.email, student.password, "/", "uz");
    await page.getByRole("link", { name: `“${title}” imtihonini boshlash` }).click();
    // The start page: duration, sections, rules; nothing starts without the confirmation.
    await expect.poll(() => page.getByTestId("start-page").textContent()).toContain("10 daqiqa");
    await expect
      .poll(() => page.getByTestId("start-page").textContent())
      .toContain("Fan: 3 ta savol, har biri 1,1 ball");
    await page.getByRole("button", { name: "Boshlash", exact: true }).click();
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toBe("Avval qoidalarni oʻqiganingizni belgilang");
    expect((await api().get("/me/attempts", student.token)).body.items).toEqual([]);
    await screenshot(page, "start-page-1280-uz");
    await startFromStartPage(page, "Qoidalarni oʻqidim, boshlashga tayyorman", "Boshlash");
    await expect.poll(() => heading(page)).toContain("Savol 1 / 3");
    await page.keyboard.press("1"); // option "a" is right (no shuffle)
    await expect.poll(() => page.getByTestId("save-state").textContent()).toBe("Saqlandi ✓");

    // Back in the catalogue the exam in progress says "Davom ettirish", and resumes straight in.
    await page.getByRole("link", { name: "Imtihonlar", exact: true }).first().click();
    await page.getByRole("link", { name: `“${title}” imtihonini davom ettirish` }).click();
    await expect.poll(() => heading(page)).toContain("Savol 1 / 3");

    // Flag question 2, then the submit dialog names it, per block.
    await page.keyboard.press("ArrowRight");
    await page.getByRole("button", { name: "Keyinroq koʻrish uchun belgilash" }).click();
    await page.getByRole("button", { name: "Imtihonni yakunlash" }).click();
    await expect
      .poll(() => page.getByTestId("confirm-counts").textContent())
      .toBe("Javobsiz savollar: 2. Belgilanganlar: 1.");
    await expect
      .poll(() => page.getByRole("dialog").locator("li").first().textContent())
      .toContain("Fan: javobsiz 2, belgilangan 1");
    await expect.poll(() => page.getByRole("dialog").textContent()).toContain("2⚑, 3");
    await screenshot(page, "submit-dialog-1280-uz");
    await page.getByRole("button", { name: "Ha, yakunlash" }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/attempts/"));
    // Uzbek writes a decimal comma.
    await expect.poll(() => page.getByTestId("result-total").textContent()).toBe("1,1 / 3,3");

    // /exam/:id after submitting: the start page says so; no attempt is started by opening it.
    await page.goto(`${server.url}/exam/${exam.examId}`);
    await expect.poll(() => page.getByTestId("start-previous").isVisible()).toBe(true);
    expect((await api().get("/me/attempts", student.token)).body.items).toHaveLength(1);
    expect(await page.getByRole("button", { name: "Yangi urinishni boshlash" }).isVisible()).toBe(true);
    // A failed load is said in Uzbek too, not as the server's English ("attempt not found").
    await page.goto(`${server.url}/attempts/00000000-0000-4000-8000-000000000000`);
    await expect.poll(() => page.getByRole("alert").textContent()).toBe("Topilmadi");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("90 questions in three blocks: grouped navigator with counts; jumping to 90 keeps it on screen at 360 px; Russian plurals (8, 9)", async () => {
    const { questionIds } = await newSubjectWithQuestions(api(), adminToken, 90);
    const created = await api().post(
      "/admin/exams",
      {
        title: "DTM sinov 90",
        mode: "self_paced",
        durationSeconds: 3 * 3600,
        sections: [
          { title: "Matematika", questionIds: questionIds.slice(0, 30), pointsPerQuestion: 3.1 },
          { title: "Fizika", questionIds: questionIds.slice(30, 60), pointsPerQuestion: 2 },
          { title: "Ona tili", questionIds: questionIds.slice(60), pointsPerQuestion: 1 },
        ],
      },
      adminToken,
    );
    const examId = created.body.exam.id as string;
    expect((await api().post(`/admin/exams/${examId}/publish`, undefined, adminToken)).status).toBe(200);
    const student = await newStudent(api(), "dtm");
    const { page, context, errors } = await newPage(browser, { width: 360, height: 740, lang: "ru" });
    await page.goto(`${server.url}/login?next=/exam/${examId}`);
    await page.getByLabel("Эл. почта").fill(student.email);
    await page.getByLabel("Пароль").fill(student.password);
    await page.getByRole("button", { name: "Войти" }).click();
    await expect.poll(() => page.getByTestId("start-page").textContent()).toContain("180 минут");
    await startFromStartPage(page, "Я прочитал правила и готов начать", "Начать");
    await expect.poll(() => heading(page)).toContain("Вопрос 1 из 90");
    expect(await page.locator(".question-meta").textContent()).toContain("3,1 балла");
    await page.keyboard.press("1");
    await expect.poll(() => page.getByTestId("save-state").textContent()).toBe("Сохранено ✓");

    const blocks = page.locator(".qnav-block");
    expect(await blocks.count()).toBe(3);
    await expect
      .poll(() => blocks.nth(0).getByTestId("block-summary").textContent())
      .toBe("1/30 отв. · 0 отм.");
    expect(await blocks.nth(1).getByTestId("block-summary").textContent()).toBe("0/30 отв. · 0 отм.");
    expect(await blocks.nth(2).locator("h3").textContent()).toContain("Ona tili");

    await page.getByRole("button", { name: "Вопрос 90: без ответа" }).click();
    await expect.poll(() => heading(page)).toContain("Вопрос 90 из 90");
    const box = await page.locator(".question h2").boundingBox();
    expect(box).not.toBeNull();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y + box!.height).toBeLessThanOrEqual(740);
    expect(await page.locator(".question-meta").textContent()).toContain("1 балл");
    await screenshot(page, "exam-room-90-360-ru");
    await page.getByRole("button", { name: "Вопрос 31: без ответа" }).click();
    await expect.poll(() => page.locator(".question-meta").textContent()).toContain("2 балла");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("the login limit says how long to wait, in the user's language (10)", async () => {
    const student = await newStudent(api(), "limit");
    for (let i = 0; i < 5; i++)
      expect((await api().post("/auth/login", { email: student.email, password: `guess-${i}` })).status).toBe(
        401,
      );
    const { page, context } = await newPage(browser, { lang: "uz" });
    await page.goto(`${server.url}/login`);
    await page.getByLabel("Elektron pochta").fill(student.email);
    await page.getByLabel("Parol").fill(student.password);
    await page.getByRole("button", { name: "Kirish" }).click();
    await expect
      .poll(() => page.getByTestId("login-error").textContent())
      .toMatch(/^Juda koʻp urinish\. Qayta urinishdan oldin \d+ (daqiqa|soniya) kuting\.$/);
    await page.getByLabel("Til").selectOption("ru");
    await expect
      .poll(() => page.getByTestId("login-error").textContent())
      .toMatch(/Повторите через \d+ (минут|секунд)/);
    await screenshot(page, "login-limit-1280-ru");
    await context.close();
  });
});
