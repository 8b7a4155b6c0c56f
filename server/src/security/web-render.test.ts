import { apiClient, skipWithout, startTestServer, type TestServer } from "@imtihon/testing";
import { existsSync } from "node:fs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { ensureWebBuilt, launchBrowser, newPage, signIn } from "../../../web/e2e/harness.ts";

// Stored text in a question is the documented markup (docs/authoring.md): raw HTML in it renders as
// text, markdown links and images outside our media store stay text, KaTeX's \\href and \\url do
// nothing (trust off), and whatever survives is sanitised again. No element is created from HTML
// and no script runs, in the real web client.

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
// Markup and TeX that would run script if a renderer trusted it; the last one is real math.
const MARKUP_STEMS = [
  `[click me](javascript:window.__pwned='md-link') <javascript:window.__pwned='autolink'>`,
  `![x](javascript:window.__pwned='md-img') ![y](https://evil.example/x.png) ![z](data:image/png;base64,iVBORw0KGgo=)`,
  `$\\href{javascript:window.__pwned='katex-href'}{click me}$ $\\url{javascript:window.__pwned='katex-url'}$`,
  `$\\htmlData{onclick=window.__pwned='data'}{click me}$ $\\text{<img src=x onerror="window.__pwned='text'">}$`,
  `Real math: $\\frac{1}{2} + \\ce{2H2 + O2 -> 2H2O}$`,
];

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
        items: [...STEMS, ...MARKUP_STEMS].map((stem) => ({
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
      const stem = page.locator(".question .stem");
      /** Once the renderer has run: nothing but our markup's elements, no handler, no link, no foreign image. */
      const inert = () =>
        page.locator(".question").evaluate((q) => {
          const els = [...q.querySelectorAll("*")];
          return {
            pending: q.querySelectorAll(".rich-pending").length,
            links: q.querySelectorAll("a, [href], [xlink\\:href], script, iframe, object, embed, form")
              .length,
            handlers: els.filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
            images: [...q.querySelectorAll("img")].filter(
              (i) => !/^\/api\/v1\/media\/[0-9a-f]{64}$/.test(i.getAttribute("src") ?? ""),
            ).length,
          };
        });
      const ids = created.body.ids as string[];
      const onQuestion = (n: number) =>
        expect.poll(() => page.locator(".question").getAttribute("data-question-id")).toBe(ids[n]);
      for (let i = 0; i < STEMS.length; i++) {
        await onQuestion(i);
        await expect.poll(() => stem.textContent(), { timeout: 15_000 }).toBe(SHOWN[i]);
        await expect.poll(inert).toEqual({ pending: 0, links: 0, handlers: 0, images: 0 });
        seen.push((await stem.textContent())!);
        // The HTML made no element: the stem holds only the paragraph of its text.
        expect(await stem.evaluate((el) => [...el.querySelectorAll("*")].map((e) => e.localName))).toEqual([
          "p",
        ]);
        expect(await page.locator(".question svg[onload], .question img[src='x']").count()).toBe(0);
        await expect.poll(() => page.getByText(`<svg onload="window.__pwned='svg'"></svg>`).count()).toBe(1);
        await page.keyboard.press("ArrowRight");
      }
      expect(seen).toEqual(SHOWN);
      for (let i = 0; i < MARKUP_STEMS.length; i++) {
        await onQuestion(STEMS.length + i);
        await expect.poll(inert).toEqual({ pending: 0, links: 0, handlers: 0, images: 0 });
        // Whatever says "click me" is clicked: nothing happens.
        const bait = stem.getByText("click me").filter({ visible: true });
        if (await bait.count()) await bait.first().click();
        if (i < MARKUP_STEMS.length - 1) await page.keyboard.press("ArrowRight");
      }
      // The last one is real: KaTeX typeset it (with mhchem), from our own build's CSS and fonts.
      await expect.poll(() => stem.locator(".katex").count()).toBe(1);
      expect(await stem.locator(".katex-error").count()).toBe(0);
      expect(await page.evaluate(() => (window as unknown as { __pwned?: string }).__pwned)).toBeUndefined();
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
