import { ADMIN, loginAs, apiClient, newItemBank, startTestServer, type TestServer } from "@imtihon/testing";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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

describe("admin: the question bank", () => {
  it("filters by subject, topic and kind, writes a numeric question, and sets a difficulty in bulk", async () => {
    const api = apiClient(server.url);
    const token = await loginAs(api, ADMIN.email, ADMIN.password);
    const bank = await newItemBank(api, token);
    const subject = (await api.get("/admin/subjects", token)).body.items.find(
      (s: { id: string }) => s.id === bank.subjectId,
    ).name as string;

    const { page, context, errors } = await newPage(browser, { lang: "en" });
    await signIn(page, server.url, ADMIN.email, ADMIN.password, "/admin/questions");
    const filters = page.locator(".bank-filters");
    await filters.getByLabel("Subject").selectOption({ label: subject });
    await expect.poll(() => page.locator(".bank-item").count()).toBe(5);
    // Algebra includes the questions of Kvadrat tenglamalar below it.
    await filters.getByLabel("Topic").selectOption({ label: "Algebra" });
    await expect.poll(() => page.locator(".bank-item").count()).toBe(4);
    await filters.getByLabel("Type").selectOption("numeric");
    await expect.poll(() => page.locator(".bank-item").count()).toBe(1);

    await page.getByRole("button", { name: "New question" }).click();
    const editor = page.getByTestId("question-editor");
    await editor.getByLabel("Type").selectOption("numeric");
    await editor.getByLabel("Question text").fill("Hisoblang: 3/4 − 1/4");
    await editor.getByLabel("Correct value").fill("0,5");
    await editor.getByLabel("Difficulty").selectOption("easy");
    await editor.getByLabel("Algebra › Kvadrat tenglamalar").check();
    await editor.getByRole("button", { name: "Save" }).click();
    await expect.poll(() => page.getByTestId("bank-notice").textContent()).toBe("Saved.");
    await expect.poll(() => page.locator(".bank-item").count()).toBe(2);

    await page.getByLabel("Select all").check();
    await page
      .getByRole("group", { name: "With the selected" })
      .getByLabel("Difficulty")
      .selectOption("hard");
    await page.getByRole("button", { name: "Apply" }).click();
    await expect
      .poll(() => page.getByTestId("bank-notice").textContent())
      .toBe("2 changed; 0 left because an exam uses them.");
    await page.setViewportSize({ width: 360, height: 740 });
    await screenshot(page, "admin-bank-360");
    const stored = (await api.get(`/admin/questions?subjectId=${bank.subjectId}&kind=numeric`, token)).body
      .items;
    expect(stored.map((q: { difficulty: string }) => q.difficulty)).toEqual(["hard", "hard"]);
    expect(stored.find((q: { stem: string }) => q.stem.startsWith("Hisoblang"))).toMatchObject({
      answer: { value: 0.5, tolerance: 0 },
      topicIds: [bank.topics.quadratic],
    });
    expect(errors).toEqual([]);
    await context.close();
  });
});
