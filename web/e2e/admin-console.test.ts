import { randomBytes } from "node:crypto";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  apiClient,
  loginAs,
  newExam,
  newUser,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import { ensureWebBuilt, launchBrowser, newPage, screenshot, signIn } from "./harness.ts";

// The admin console of issue #13: users (search, add, reset a password, disable, a school's import
// with a printable password sheet) and subjects/directions, with confirmations and messages in Uzbek.
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

describe("admin console", () => {
  it("users: import a school with a password sheet, search, reset a password, disable; forbidden to a proctor", async () => {
    const api = apiClient(server.url);
    const adminToken = await loginAs(api, ADMIN.email, ADMIN.password);
    const tag = randomBytes(3).toString("hex");
    const { page, context, errors } = await newPage(browser, { lang: "uz" });
    await signIn(page, server.url, ADMIN.email, ADMIN.password, "/admin/users", "uz");
    await expect
      .poll(() => page.getByRole("heading", { name: "Foydalanuvchilar", level: 1 }).isVisible())
      .toBe(true);

    // A school's list: a bad row is named by its line, in Uzbek, and nothing can be sent.
    const list = page.getByLabel("Roʻyxat (CSV)");
    await list.fill(`Ism,Pochta\nAziza Karimova,aziza-${tag}@maktab.uz\nBobur,bobur-${tag}\n`);
    await expect
      .poll(() => page.getByTestId("import-issues").textContent())
      .toBe("3-qator: Elektron pochta: elektron pochta manzili emas");
    expect(await page.getByRole("button", { name: "Import qilish va parollar yaratish" }).isDisabled()).toBe(
      true,
    );
    await list.fill(
      `Ism,Pochta\nAziza Karimova,aziza-${tag}@maktab.uz\nBobur Aliyev,bobur-${tag}@maktab.uz\nДилноза Каримова,dilnoza-${tag}@maktab.uz`,
    );
    await expect.poll(() => page.getByTestId("import-count").textContent()).toBe("3 ta oʻquvchi");
    await page.getByRole("button", { name: "Import qilish va parollar yaratish" }).click();
    // Irreversible: asked first.
    await page
      .getByRole("dialog")
      .getByRole("button", { name: "Import qilish va parollar yaratish" })
      .click();
    const sheet = page.getByTestId("password-sheet");
    await expect.poll(() => sheet.locator("li").count()).toBe(3);
    const password = (await sheet
      .locator(`li[data-email="bobur-${tag}@maktab.uz"] .password`)
      .textContent())!;
    expect(password).toMatch(/^[a-z2-9]{10}$/);
    await screenshot(page, "admin-users-sheet-1280-uz");
    expect((await api.post("/auth/login", { email: `bobur-${tag}@maktab.uz`, password })).status).toBe(200);
    await page.emulateMedia({ media: "print" });
    expect(await page.locator(".topbar").isVisible()).toBe(false);
    await page.emulateMedia({ media: "screen" });

    // Search, then reset Aziza's password (confirmed) and disable Bobur (confirmed).
    await page.getByLabel("Ism yoki pochta boʻyicha qidirish").fill(tag);
    await page.getByRole("button", { name: "Qidirish" }).click();
    await expect.poll(() => page.locator("tbody tr").count()).toBe(3);
    await page.getByRole("button", { name: "Parolni tiklash: Aziza Karimova" }).click();
    await page.getByRole("dialog").getByRole("button", { name: "Parolni tiklash" }).click();
    const issued = await page.getByTestId("issued-password").textContent();
    const fresh = /: ([a-z2-9]{10}) —/.exec(issued ?? "")?.[1];
    expect(fresh).toBeDefined();
    expect((await api.post("/auth/login", { email: `aziza-${tag}@maktab.uz`, password: fresh })).status).toBe(
      200,
    );
    await page.getByRole("button", { name: "Oʻchirish: Bobur Aliyev" }).click();
    expect(await page.getByRole("dialog").textContent()).toContain("Bobur Aliyev hisobini oʻchirasizmi?");
    await page.getByRole("dialog").getByRole("button", { name: "Oʻchirish" }).click();
    await expect
      .poll(() => page.locator(`tr[data-user="bobur-${tag}@maktab.uz"]`).textContent())
      .toContain("Oʻchirilgan");
    expect((await api.post("/auth/login", { email: `bobur-${tag}@maktab.uz`, password })).status).toBe(401);

    // Add a proctor through the form; bad fields are said under each one.
    await page.getByRole("button", { name: "Foydalanuvchi qoʻshish" }).click();
    await expect.poll(() => page.locator('.field-error[data-field="fullName"]').count()).toBeGreaterThan(0);
    const form = page.locator("form", { has: page.getByRole("heading", { name: "Foydalanuvchi qoʻshish" }) });
    await form.getByLabel("Ism va familiya").fill("Proktor Yangi");
    await form.getByLabel("Elektron pochta").fill(`proktor-${tag}@maktab.uz`);
    await form.getByLabel("Parol").fill("proktor-parol-1");
    await form.locator(`select[name="role"]`).selectOption("proctor");
    await page.getByRole("button", { name: "Foydalanuvchi qoʻshish" }).click();
    await expect.poll(() => form.getByRole("status").textContent()).toBe("Qoʻshildi: Proktor Yangi");
    const login = await api.post("/auth/login", {
      email: `proktor-${tag}@maktab.uz`,
      password: "proktor-parol-1",
    });
    expect(login.body.user.role).toBe("proctor");
    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, "admin-users-360-uz");

    // A proctor gets the "not for you" page, not the console.
    const proctor = await newUser(api, adminToken, "proctor");
    const p = await newPage(browser, { lang: "uz" });
    await signIn(p.page, server.url, proctor.email, proctor.password, "/admin/users", "uz");
    await expect.poll(() => p.page.getByRole("alert").textContent()).toBe("Bu sahifa siz uchun emas");
    expect(errors).toEqual([]);
    expect(p.errors).toEqual([]);
    await p.context.close();
    await context.close();
  });

  it("subjects and directions: add with validation in the page; a taken code is said plainly", async () => {
    const tag = randomBytes(3).toString("hex");
    const { page, context, errors } = await newPage(browser, { lang: "ru" });
    await page.goto(`${server.url}/login?next=/admin/catalogue`);
    await page.getByLabel("Эл. почта").fill(ADMIN.email);
    await page.getByLabel("Пароль").fill(ADMIN.password);
    await page.getByRole("button", { name: "Войти" }).click();
    const subjectForm = page.locator("form", {
      has: page.getByRole("heading", { name: "Добавить предмет" }),
    });
    await subjectForm.getByLabel("Название").fill("Informatika");
    await subjectForm.getByLabel("Код").fill("has space");
    await subjectForm.getByRole("button", { name: "Добавить предмет" }).click();
    await expect
      .poll(() => subjectForm.locator('.field-error[data-field="code"]').textContent())
      .toBe("только латинские буквы, цифры и _ . -");
    await subjectForm.getByLabel("Код").fill(`inf-${tag}`);
    await subjectForm.getByRole("button", { name: "Добавить предмет" }).click();
    await expect.poll(() => page.getByTestId("subject-list").textContent()).toContain(`inf-${tag}`);
    await subjectForm.getByLabel("Название").fill("Ещё раз");
    await subjectForm.getByLabel("Код").fill(`inf-${tag}`);
    await subjectForm.getByRole("button", { name: "Добавить предмет" }).click();
    await expect.poll(() => subjectForm.getByRole("alert").textContent()).toBe("Этот код уже занят");

    const dirForm = page.locator("form", {
      has: page.getByRole("heading", { name: "Добавить направление" }),
    });
    await dirForm.getByLabel("Название").fill(`IT ${tag}`);
    await dirForm.getByLabel("Код").fill(`it-${tag}`);
    await dirForm.getByLabel("Informatika").check();
    await dirForm.getByRole("button", { name: "Добавить направление" }).click();
    await expect.poll(() => page.getByTestId("direction-list").textContent()).toContain(`IT ${tag}`);
    expect(await page.getByTestId("direction-list").textContent()).toContain("Informatika");
    await screenshot(page, "admin-catalogue-1280-ru");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("exams: duplicate into a draft, close a published exam after a confirmation", async () => {
    const api = apiClient(server.url);
    const adminToken = await loginAs(api, ADMIN.email, ADMIN.password);
    const exam = await newExam(api, adminToken, { questions: 2 });
    const title = (await api.get(`/exams/${exam.examId}`, adminToken)).body.title as string;
    const { page, context, errors } = await newPage(browser, { lang: "en" });
    await signIn(page, server.url, ADMIN.email, ADMIN.password, "/admin/exams");
    const row = page.locator(`tr[data-exam="${title}"]`);
    await expect.poll(() => row.textContent()).toContain("Published");
    await row.getByRole("button", { name: `Duplicate ${title}` }).click();
    await expect
      .poll(() => page.getByRole("status").textContent())
      .toBe(`Draft copy created: ${title} (nusxa)`);
    await expect
      .poll(() => page.locator(`tr[data-exam="${title} (nusxa)"]`).textContent())
      .toContain("Draft");
    await row.getByRole("button", { name: `Close ${title} now` }).click();
    expect(await page.getByRole("dialog").textContent()).toContain("This cannot be undone.");
    await page.getByRole("dialog").getByRole("button", { name: "Close now" }).click();
    await expect.poll(() => row.textContent()).toContain("Closed");
    expect((await api.get(`/admin/exams/${exam.examId}`, adminToken)).body.exam.closesAt).not.toBeNull();
    await screenshot(page, "admin-exams-1280-en");
    expect(errors).toEqual([]);
    await context.close();
  });
});
