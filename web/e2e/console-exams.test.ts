import { createExamClient } from "@imtihon/client-sdk";
import type { Browser, Page } from "playwright-core";
import {
  ADMIN,
  loginAs,
  newExam,
  newStudent,
  apiClient,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureWebBuilt, launchBrowser, newPage, screenshot, signIn } from "./harness.ts";

// Issue #13, the admin console's exams: a draft opens in the builder prefilled and is saved in place;
// a published exam nobody has started goes back to a draft; one a student started can only be
// closed (the rule is on the page and in the refusal); irreversible steps are confirmed first.
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

const titleOf = async (examId: string) =>
  (await api().get(`/admin/exams/${examId}`, adminToken)).body.exam.title as string;
const row = (page: Page, title: string) => page.locator(`tr[data-exam="${title}"]`);
const status = (page: Page, title: string) => row(page, title).getByTestId("exam-status").textContent();

describe("admin console: exams after they are made", () => {
  it("edits a draft in the builder, prefilled the user's way (1,1), and saves it in place", async () => {
    const draft = await newExam(api(), adminToken, { draft: true, questions: 3, points: 1.1 });
    const title = await titleOf(draft.examId);
    const { page, context, errors } = await newPage(browser, { lang: "uz" });
    await signIn(page, server.url, ADMIN.email, ADMIN.password, "/admin/exams", "uz");
    expect(await page.getByTestId("exam-rules").textContent()).toContain("faqat yopish mumkin");
    await row(page, title)
      .getByRole("link", { name: `Tahrirlash: ${title}` })
      .click();
    await page.waitForURL((u) => u.pathname === `/admin/exams/${draft.examId}/edit`);
    await expect.poll(() => page.locator("h1").textContent()).toBe("Qoralamani tahrirlash");
    // Every field starts from the draft.
    await expect.poll(() => page.getByLabel("Nomi", { exact: true }).inputValue()).toBe(title);
    expect(await page.getByLabel("Davomiyligi (daqiqa)").inputValue()).toBe("10");
    await expect.poll(() => page.locator('select[name="directionId"]').inputValue()).toBe(draft.directionId);
    expect(await page.getByLabel("Har bir savol uchun ball").inputValue()).toBe("1,1");
    await expect.poll(() => page.getByText("Tanlangan: 3 / 3").isVisible()).toBe(true);
    await screenshot(page, "admin-edit-draft-1280-uz");

    await page.getByLabel("Nomi", { exact: true }).fill(`${title} v2`);
    await page.locator(".pick-list input[type=checkbox]").last().uncheck();
    await page.getByLabel("Har bir savol uchun ball").fill("2,5");
    await page.getByLabel("Urinishlar soni (boʻsh — cheklanmagan)").fill("2");
    await page.getByRole("button", { name: "Qoralamani saqlash" }).click();
    await page.waitForURL((u) => u.pathname === "/admin/exams");
    await expect.poll(() => status(page, `${title} v2`)).toBe("Qoralama");
    const saved = (await api().get(`/admin/exams/${draft.examId}`, adminToken)).body.exam;
    expect(saved).toMatchObject({ title: `${title} v2`, questionCount: 2, maxScore: 5, maxAttempts: 2 });
    const kept = saved.sections[0].questionIds as string[];
    expect(kept).toHaveLength(2);
    expect(draft.questionIds.filter((id) => kept.includes(id))).toEqual(kept);
    expect(
      (await api().get("/admin/exams", adminToken)).body.items.filter((e: { title: string }) =>
        e.title.startsWith(title),
      ),
    ).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("a published exam has no Edit; its edit address says why, in the user's language", async () => {
    const exam = await newExam(api(), adminToken);
    const title = await titleOf(exam.examId);
    const { page, context, errors } = await newPage(browser, { lang: "en" });
    await signIn(page, server.url, ADMIN.email, ADMIN.password, "/admin/exams");
    await expect.poll(() => status(page, title)).toBe("Published");
    expect(
      await row(page, title)
        .getByRole("link", { name: `Edit ${title}` })
        .count(),
    ).toBe(0);
    await page.goto(`${server.url}/admin/exams/${exam.examId}/edit`);
    await expect
      .poll(() => page.getByRole("alert").textContent())
      .toContain("This exam is published and cannot be edited");
    expect(await page.locator("form").count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it("unpublishes an exam nobody started (confirmed first); one a student started is refused and then closed", async () => {
    const fresh = await newExam(api(), adminToken);
    const started = await newExam(api(), adminToken);
    const [freshTitle, startedTitle] = [await titleOf(fresh.examId), await titleOf(started.examId)];
    const student = await newStudent(api(), "began");
    const client = createExamClient({ url: server.url, getToken: () => student.token });
    try {
      await client.startAttempt({ examId: started.examId });
    } finally {
      client.close();
    }
    const { page, context, errors } = await newPage(browser, { lang: "ru" });
    await page.goto(`${server.url}/login?next=/admin/exams`);
    await page.locator('input[name="email"]').fill(ADMIN.email);
    await page.locator('input[name="password"]').fill(ADMIN.password);
    await page.locator('button[type="submit"]').click();
    await expect.poll(() => status(page, freshTitle)).toBe("Опубликован");

    await row(page, freshTitle)
      .getByRole("button", { name: `Снять с публикации: ${freshTitle}` })
      .click();
    const dialog = page.getByRole("dialog");
    expect(await dialog.textContent()).toContain("только пока его никто не начал");
    // Cancel changes nothing.
    await dialog.getByRole("button", { name: "Отмена" }).click();
    expect((await api().get(`/admin/exams/${fresh.examId}`, adminToken)).body.exam.status).toBe("published");
    await row(page, freshTitle)
      .getByRole("button", { name: `Снять с публикации: ${freshTitle}` })
      .click();
    await dialog.getByRole("button", { name: "Снять с публикации" }).click();
    await expect.poll(() => status(page, freshTitle)).toBe("Черновик");
    expect(
      await row(page, freshTitle)
        .getByRole("link", { name: `Изменить: ${freshTitle}` })
        .count(),
    ).toBe(1);
    expect((await api().get(`/exams/${fresh.examId}`, student.token)).status).toBe(404);

    await row(page, startedTitle)
      .getByRole("button", { name: `Снять с публикации: ${startedTitle}` })
      .click();
    await dialog.getByRole("button", { name: "Снять с публикации" }).click();
    await expect
      .poll(() => dialog.getByRole("alert").textContent())
      .toBe(
        "Этот экзамен уже начали (или для него открыта сессия): вернуть его в черновики нельзя, можно только закрыть — результаты сохранятся.",
      );
    await screenshot(page, "admin-unpublish-refused-1280-ru");
    await dialog.getByRole("button", { name: "Отмена" }).click();
    expect((await api().get(`/admin/exams/${started.examId}`, adminToken)).body.exam.status).toBe(
      "published",
    );
    await row(page, startedTitle)
      .getByRole("button", { name: `Закрыть сейчас: ${startedTitle}` })
      .click();
    expect(await dialog.textContent()).toContain("Это необратимо.");
    await dialog.getByRole("button", { name: "Закрыть сейчас" }).click();
    await expect.poll(() => status(page, startedTitle)).toBe("Закрыт");
    // Closing kept the student's attempt.
    expect((await api().get("/me/attempts", student.token)).body.items).toHaveLength(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
