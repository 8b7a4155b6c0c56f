import { describe, expect, it } from "vitest";
import { ADMIN, loginAs, newExam, newStudent } from "@imtihon/testing";
import { browserSuite, newPage, screenshot, signIn } from "./harness.ts";

// The SDK's terminal `failed` state (the server refused the socket's sign-in at every try, with
// backoff) in the exam room: said plainly, with a way out, and no answer lost.
const suite = browserSuite();
const api = () => suite.api();

describe("the exam room when the server refuses the sign-in for good", () => {
  it("says so instead of 'connecting', keeps the answer, and signing in again brings the student back", async () => {
    const adminToken = await loginAs(api(), ADMIN.email, ADMIN.password);
    const exam = await newExam(api(), adminToken, { questions: 2 });
    const student = await newStudent(api(), "failed");
    const { page, context, errors } = await newPage(suite.browser, { width: 360, height: 780, lang: "en" });
    const startPage = `/exam/${exam.examId}`;
    await signIn(page, suite.server.url, student.email, student.password, startPage);
    await page.getByLabel("I have read the rules and I am ready").check();
    await page.getByRole("button", { name: "Start", exact: true }).click();
    await expect.poll(() => page.locator(".question h2").textContent()).toContain("Question 1 of 2");
    const room = new URL(page.url()).pathname;

    // The account is disabled: its sockets are cut, and every reconnect is refused (4 tries, ~15 s).
    expect((await api().post(`/admin/users/${student.id}/disable`, undefined, adminToken)).status).toBe(200);
    const banner = page.getByTestId("connection-banner");
    await expect.poll(() => banner.getAttribute("data-state"), { timeout: 45_000 }).toBe("failed");
    expect(await banner.getAttribute("role")).toBe("alert");
    expect(await banner.textContent()).toContain("no longer accepts your sign-in");
    // An answer given now waits on the device, and the banner counts it.
    await page.keyboard.press("1");
    await expect.poll(() => banner.textContent()).toContain("Answers waiting to be sent: 1");
    // The same state in the other languages, and no "Connecting…" anywhere.
    await page.getByLabel("Language").selectOption("ru");
    await expect.poll(() => banner.textContent()).toContain("Сервер не принял ваш вход");
    await page.getByLabel("Язык").selectOption("uz");
    await expect.poll(() => banner.textContent()).toContain("Server kirishingizni qabul qilmadi");
    await screenshot(page, "connection-failed-360-uz");
    await page.getByLabel("Til").selectOption("en");
    expect(await banner.textContent()).not.toContain("Connecting");

    // Enabled again: "Sign in again" goes to the sign-in page and back to the room, where the
    // answer kept on the device is sent.
    expect((await api().post(`/admin/users/${student.id}/enable`, undefined, adminToken)).status).toBe(200);
    await banner.getByRole("button", { name: "Sign in again" }).click();
    await page.waitForURL((u) => u.pathname === "/login" && u.searchParams.get("next") === room);
    await page.getByLabel("Email").fill(student.email);
    await page.getByLabel("Password").fill(student.password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL((u) => u.pathname === room);
    await expect.poll(() => page.getByTestId("connection-banner").count()).toBe(0);
    await expect
      .poll(async () => {
        const rows = await suite.server.ctx.db
          .selectFrom("answers as x")
          .innerJoin("attempts as a", "a.id", "x.attempt_id")
          .select("x.question_id")
          .where("a.user_id", "=", student.id)
          .execute();
        return rows.length;
      })
      .toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
