import { ADMIN, newStudent, apiClient, startTestServer, type TestServer } from "@imtihon/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

/** A finished attempt of the seeded DTM exam of `direction`, straight in the database. */
async function finishedAttempt(userId: string, direction: string, score: number) {
  const exam = await server.ctx.db
    .selectFrom("exams")
    .select(["id", "direction_id"])
    .where("seed_key", "=", `demo/dtm/${direction}`)
    .executeTakeFirstOrThrow();
  await server.ctx.sql`
    insert into attempts (exam_id, user_id, status, started_at, submitted_at, question_order, option_order, score, max_score)
    values (${exam.id}, ${userId}, 'submitted', now(), now(), '{}', '{}'::jsonb, ${score * 100}, 18900)`;
  return exam.direction_id!;
}

describe("admission page at 360 px", () => {
  it("shows the estimate, the demo warning and each university's status without horizontal scrolling", async () => {
    const api = apiClient(server.url);
    const student = await newStudent(api, "admission");
    // 165 against the demo lines of "Dasturiy injiniring": grant at 160.2 and below, contract at
    // 158.7 (TATU uz), close to 171.3 (Samarqand grant, gap 6.3).
    const directionId = await finishedAttempt(student.id, "dasturiy-injiniring", 165);

    const { page, context, errors } = await newPage(browser, { width: 360, height: 740, lang: "en" });
    await signIn(page, server.url, student.email, student.password, "/admission");
    await expect
      .poll(() => page.getByRole("heading", { name: "Which universities I can reach" }).isVisible())
      .toBe(true);
    await page.getByLabel("Direction").selectOption(directionId);
    await expect.poll(() => page.getByTestId("admission-estimate").textContent()).toContain("165");
    expect(await page.getByTestId("admission-demo").textContent()).toContain("demo figures");
    const items = page.getByTestId("admission-items").locator("li");
    await expect.poll(() => items.count()).toBe(7);
    const texts = await items.allTextContents();
    expect(texts[0]).toContain("Clears the grant line");
    expect(texts.some((x) => x.includes("Clears the contract line") && x.includes("Toshkent"))).toBe(true);
    expect(texts.some((x) => x.includes("TATU Samarqand filiali") && x.includes("6.3 more points"))).toBe(
      true,
    );
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "admission-360");
    expect(errors).toEqual([]);
    await context.close();
  });

  it("speaks the user's language, errors included", async () => {
    const api = apiClient(server.url);
    const student = await newStudent(api, "admission-ru");
    // No language forced on every load: the Uzbek default, then Russian chosen and remembered.
    const { page, context, errors } = await newPage(browser, { width: 360, height: 740 });
    await signIn(page, server.url, student.email, student.password, "/admission", "uz");
    await page.getByLabel("Til", { exact: true }).selectOption("ru");
    await expect
      .poll(() => page.getByRole("heading", { name: "В какие вузы я прохожу" }).isVisible())
      .toBe(true);
    await expect
      .poll(() => page.getByTestId("admission-estimate").textContent())
      .toContain("ещё нет завершённых попыток");
    await page.goto(`${server.url}/admission?direction=00000000-0000-4000-8000-000000000000`);
    await expect.poll(() => page.getByRole("alert").first().textContent()).toContain("Не найдено");
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("passing scores page (admin)", () => {
  it("imports a CSV with a bad row: the error is named by line, the good row is stored", async () => {
    const { page, context, errors } = await newPage(browser, { lang: "en" });
    await signIn(page, server.url, ADMIN.email, ADMIN.password, "/admin/passing-scores");
    const csv = [
      "year,university,direction,form,language,grant,contract",
      "2026,Test universiteti,dasturiy-injiniring,kunduzgi,uz,170,150",
      "2026,Test universiteti,dasturiy-injiniring,masofaviy,uz,170,150",
    ].join("\n");
    await page
      .getByLabel("CSV file")
      .setInputFiles({ name: "scores.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Import" }).click();
    await expect.poll(() => page.getByTestId("passing-summary").textContent()).toContain("1 new");
    expect(await page.locator('tr[data-line="3"]').textContent()).toContain(
      "Invalid study form: “masofaviy”",
    );
    await expect.poll(() => page.getByTestId("passing-list").textContent()).toContain("Test universiteti");
    expect(errors).toEqual([]);
    await context.close();
  });
});
