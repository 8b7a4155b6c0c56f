import { ADMIN, startTestServer, type TestServer } from "@imtihon/testing";
import { readFileSync } from "node:fs";
import path from "node:path";
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

describe("admin: a question with a formula and a figure", () => {
  it("previews it as the student sees it (desktop and phone), refuses a figure without alt text, uploads one with it, saves", async () => {
    const { page, context, errors } = await newPage(browser, { lang: "en" });
    try {
      await signIn(page, server.url, ADMIN.email, ADMIN.password, "/admin/questions/new");
      await page.getByLabel("Subject").selectOption({ label: "Fizika" });
      await page.getByLabel("Question text").fill("Hisoblang: $\\frac{1}{2} + \\ce{H2O}$");
      for (const [i, text] of ["$2$", "3", "4", "5"].entries())
        await page.getByLabel(`Answer ${"ABCD"[i]}`, { exact: true }).fill(text);
      const preview = page.getByTestId("question-preview");
      // Both frames typeset the stem's formula and the first option's.
      await expect.poll(() => preview.locator(".stem .katex").count()).toBe(2);
      await expect.poll(() => preview.locator(".option-text .katex").count()).toBe(2);
      expect(
        await preview.locator(".preview-phone").evaluate((el) => el.getBoundingClientRect().width),
      ).toBeLessThanOrEqual(360);

      // One of the demo bank's drawings, as an author would upload it.
      const webp = readFileSync(path.resolve(import.meta.dirname, "../../db/src/seed/figures/circuit.webp"));
      await page
        .getByLabel(/^Figure/)
        .setInputFiles({ name: "circuit.webp", mimeType: "image/webp", buffer: webp });
      await page.getByRole("button", { name: "Upload the figure" }).click();
      await expect.poll(() => page.getByRole("alert").textContent()).toContain("Write the alt text");
      expect(await server.ctx.db.selectFrom("media").select("id").execute()).toHaveLength(3); // the seed's

      await page.getByLabel(/^Alt text/).fill("Ko'k to'rtburchak");
      const before = await server.ctx.db.selectFrom("media").select("id").execute();
      await page.getByRole("button", { name: "Upload the figure" }).click();
      await expect.poll(() => preview.locator(".stem img").count()).toBe(2);
      const src = await preview.locator(".stem img").first().getAttribute("src");
      expect(src).toMatch(/^\/api\/v1\/media\/[0-9a-f]{64}$/);
      // The exam room shows the Uzbek letters oʻ/gʻ however they were typed (uzLetters), alt text too.
      expect(await preview.locator(".stem img").first().getAttribute("alt")).toBe("Koʻk toʻrtburchak");
      await expect
        .poll(() =>
          preview
            .locator(".stem img")
            .first()
            .evaluate((img) => (img as HTMLImageElement).naturalWidth),
        )
        .toBe(520);
      expect(await page.getByLabel("Question text").inputValue()).toContain(`![Ko'k to'rtburchak](${src})`);
      const after = await server.ctx.db.selectFrom("media").select("id").execute();
      expect(after.map((m) => `/api/v1/media/${m.id}`)).toContain(src);
      expect(after).toHaveLength(before.length + 1);
      await screenshot(page, "question-editor");

      await page.getByRole("button", { name: "Save the question" }).click();
      await expect
        .poll(() => page.getByRole("status").filter({ hasText: "The question is saved" }).count())
        .toBe(1);
      const saved = await server.ctx.db
        .selectFrom("questions")
        .select(["stem"])
        .where("stem", "like", "%Ko'k to'rtburchak%")
        .executeTakeFirstOrThrow();
      expect(saved.stem).toContain(src);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
