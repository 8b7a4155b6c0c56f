import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  apiClient,
  loginAs,
  newExam,
  newStudent,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import { ensureWebBuilt, launchBrowser, newPage, screenshot } from "./harness.ts";

// The pages people use most, at 1280 and 360 px in Uzbek, Russian and English, into artifacts/web
// (looked at by a person; the assertions only check each page rendered without an error). About a
// minute, so it runs on demand: WEB_SCREENSHOTS=1 npx vitest run web/e2e/screenshots.test.ts
let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  if (!process.env.WEB_SCREENSHOTS) return;
  await ensureWebBuilt();
  [server, browser] = await Promise.all([startTestServer({ seedDemo: true }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const LANGS = ["uz", "ru", "en"] as const;
const WIDTHS = [
  { width: 1280, height: 860 },
  { width: 360, height: 740 },
] as const;
const SIGN_IN = { uz: "Kirish", ru: "Войти", en: "Sign in" };
const UNPUBLISH = { uz: "Qoralamaga qaytarish", ru: "Снять с публикации", en: "Unpublish" };
const CONFIRM = {
  uz: ["Qoidalarni oʻqidim, boshlashga tayyorman", "Boshlash"],
  ru: ["Я прочитал правила и готов начать", "Начать"],
  en: ["I have read the rules and I am ready", "Start"],
} as const;

describe.runIf(process.env.WEB_SCREENSHOTS)("screenshots", () => {
  it("student and admin pages in three languages at two widths", async () => {
    const api = apiClient(server.url);
    const adminToken = await loginAs(api, ADMIN.email, ADMIN.password);
    const demo = (await api.get("/exams", adminToken)).body.items.find(
      (e: { title: string }) => e.title === "Demo imtihon (10 daqiqa)",
    );
    // A draft to open in the builder (the edit flow).
    const draft = await newExam(api, adminToken, { draft: true, questions: 4, points: 1.5 });
    for (const lang of LANGS) {
      for (const size of WIDTHS) {
        const tag = `${size.width}-${lang}`;
        const student = await newStudent(api, `shot${lang}${size.width}`);
        const { page, context, errors } = await newPage(browser, { ...size, lang });
        const signIn = async (email: string, password: string, next: string) => {
          await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
          await page.locator('input[name="email"]').fill(email);
          await page.locator('input[name="password"]').fill(password);
          await page.getByRole("button", { name: SIGN_IN[lang], exact: true }).click();
          await page.waitForURL((u) => u.pathname === next);
        };
        await page.goto(`${server.url}/login`);
        await screenshot(page, `shot-login-${tag}`);
        await signIn(student.email, student.password, "/");
        await expect.poll(() => page.locator(".exam-card").count()).toBeGreaterThan(0);
        await screenshot(page, `shot-catalogue-${tag}`);
        await page.goto(`${server.url}/exam/${demo.id}`);
        await expect.poll(() => page.getByTestId("start-page").isVisible()).toBe(true);
        await screenshot(page, `shot-start-${tag}`);
        await page.getByLabel(CONFIRM[lang][0]).check();
        await page.getByRole("button", { name: CONFIRM[lang][1], exact: true }).click();
        await expect.poll(() => page.locator(".question").count()).toBe(1);
        await page.keyboard.press("1");
        await screenshot(page, `shot-room-${tag}`);
        await page.locator(".room-bar button.primary").click();
        await expect.poll(() => page.getByRole("dialog").isVisible()).toBe(true);
        await screenshot(page, `shot-submit-${tag}`);
        await page.getByRole("dialog").locator("button.primary").click();
        await page.waitForURL((u) => u.pathname.startsWith("/attempts/"));
        await expect.poll(() => page.getByTestId("result-total").isVisible()).toBe(true);
        await screenshot(page, `shot-result-${tag}`);
        expect(errors).toEqual([]);
        await context.close();

        const admin = await newPage(browser, { ...size, lang });
        await admin.page.goto(`${server.url}/login?next=/admin/exams`);
        await admin.page.locator('input[name="email"]').fill(ADMIN.email);
        await admin.page.locator('input[name="password"]').fill(ADMIN.password);
        await admin.page.getByRole("button", { name: SIGN_IN[lang], exact: true }).click();
        await expect.poll(() => admin.page.locator("tbody tr").count()).toBeGreaterThan(0);
        await screenshot(admin.page, `shot-admin-exams-${tag}`);
        // The unpublish confirmation on the first published exam, cancelled.
        await admin.page.locator("tbody tr button", { hasText: UNPUBLISH[lang] }).first().click();
        await expect.poll(() => admin.page.getByRole("dialog").isVisible()).toBe(true);
        await screenshot(admin.page, `shot-admin-unpublish-${tag}`);
        await admin.page.keyboard.press("Escape");
        await admin.page.goto(`${server.url}/admin/exams/${draft.examId}/edit`);
        await expect.poll(() => admin.page.locator(".pick-list li").count()).toBe(4);
        await screenshot(admin.page, `shot-edit-draft-${tag}`);
        await admin.page.goto(`${server.url}/admin/catalogue`);
        await expect
          .poll(() => admin.page.getByTestId("direction-list").locator("li").count())
          .toBeGreaterThan(0);
        await screenshot(admin.page, `shot-admin-catalogue-${tag}`);
        await admin.page.goto(`${server.url}/admin/users`);
        await expect.poll(() => admin.page.locator("tbody tr").count()).toBeGreaterThan(0);
        await screenshot(admin.page, `shot-admin-users-${tag}`);
        await admin.page.goto(`${server.url}/admin/exams/new`);
        await expect.poll(() => admin.page.locator("fieldset").count()).toBe(1);
        await screenshot(admin.page, `shot-builder-${tag}`);
        expect(admin.errors).toEqual([]);
        await admin.context.close();
      }
    }
    // Six rounds of a dozen pages each: a few minutes on the shared 2-core machine.
  }, 600_000);
});
