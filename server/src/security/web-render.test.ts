import { apiClient, skipWithout, startTestServer, type TestServer } from "@imtihon/testing";
import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ensureWebBuilt, launchBrowser, newPage, signIn } from "../../../web/e2e/harness.ts";

// Stored HTML in a question renders as text in the real web client: the markup shows literally,
// no element is created from it and no script runs.

const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasBrowser = !skipWithout(`a browser at ${chromium} (CHROMIUM_PATH)`, existsSync(chromium));

const STEMS = [
  `<img src=x onerror="window.__pwned='img'">`,
  `<script>window.__pwned='script'</script>`,
  `<b>bold?</b> & &amp; &lt;i&gt; ' " \``,
  `<a href="javascript:window.__pwned='link'">click</a> O‘zbek 🇺🇿`,
];
// What the page shows: the text verbatim, except that the Uzbek letters oʻ/gʻ typed with ‘ ' ’ or `
// are shown with the modifier letter ʻ (web/src/i18n/format.ts, uzLetters): display only, not markup.
const SHOWN = STEMS.map((s) => s.replace(/([OoGg])['‘’`](?=\p{L})/gu, "$1\u02BB"));

describe.skipIf(!hasBrowser)("stored text in the web client", () => {
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

  test("question stems and options with markup render as text; no script runs", async () => {
    const api = apiClient(server.url);
    const admin = (
      await api.post("/auth/login", { email: "admin@test.local", password: "admin-password-123" })
    ).body.accessToken as string;
    const subject = await api.post("/admin/subjects", { code: "render", name: "Render" }, admin);
    const created = await api.post(
      "/admin/questions",
      {
        items: STEMS.map((stem) => ({
          subjectId: subject.body.subject.id,
          kind: "single",
          stem,
          options: [
            { id: "a", text: `<svg onload="window.__pwned='svg'"></svg>` },
            { id: "b", text: "<u>plain</u>" },
          ],
          correct: ["a"],
        })),
      },
      admin,
    );
    expect(created.status).toBe(201);
    const exam = await api.post(
      "/admin/exams",
      {
        title: `<i>Render</i> exam`,
        mode: "self_paced",
        durationSeconds: 600,
        sections: [{ title: "S", questionIds: created.body.ids, pointsPerQuestion: 1 }],
      },
      admin,
    );
    const examId = exam.body.exam.id as string;
    expect((await api.post(`/admin/exams/${examId}/publish`, {}, admin)).status).toBe(200);
    const email = `render-${Date.now()}@test.local`;
    expect(
      (await api.post("/auth/register", { email, password: "render-pass-1", fullName: "<b>Ren</b>" })).status,
    ).toBe(201);

    const { page, context, errors } = await newPage(browser, { lang: "en" });
    try {
      await signIn(page, server.url, email, "render-pass-1", `/exam/${examId}`);
      // The start page (its title is stored markup too): rules and a confirmation first.
      await page.getByLabel("I have read the rules and I am ready").check();
      await page.getByRole("button", { name: "Start", exact: true }).click();
      const seen: string[] = [];
      for (let i = 0; i < STEMS.length; i++) {
        const stem = page.locator(".question .stem");
        await expect.poll(() => stem.textContent(), { timeout: 15_000 }).toBe(SHOWN[i]);
        seen.push((await stem.textContent())!);
        // The markup made no element: the stem paragraph holds only its text.
        expect(await stem.evaluate((el) => el.children.length)).toBe(0);
        expect(await page.locator(".question svg[onload], .question img[src='x']").count()).toBe(0);
        await expect.poll(() => page.getByText(`<svg onload="window.__pwned='svg'"></svg>`).count()).toBe(1);
        if (i < STEMS.length - 1) await page.keyboard.press("ArrowRight");
      }
      expect(seen).toEqual(SHOWN);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
