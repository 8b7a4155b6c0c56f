import { ADMIN, loginAs, apiClient, startTestServer, type TestServer } from "@imtihon/testing";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
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

const MOODLE = `<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>Kvadrat</text></name>
    <questiontext format="html"><text><![CDATA[<p>\\(3^2\\) = ?</p>]]></text></questiontext>
    <single>true</single>
    <answer fraction="0"><text>6</text></answer>
    <answer fraction="100"><text>9</text></answer>
  </question>
  <question type="essay"><name><text>Insho</text></name><questiontext><text>Yozing</text></questiontext></question>
  <question type="multichoice">
    <name><text>Juft</text></name>
    <questiontext format="html"><text><![CDATA[<p>Juft sonlar?</p>]]></text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>2</text></answer>
    <answer fraction="-100"><text>3</text></answer>
    <answer fraction="50"><text>4</text></answer>
  </question>
</quiz>`;

describe("admin: question bank import and export", () => {
  it("imports a Moodle XML file on a phone, lists the rejected item in Uzbek, and downloads the bank", async () => {
    const api = apiClient(server.url);
    const adminToken = await loginAs(api, ADMIN.email, ADMIN.password);
    const code = `bank${randomBytes(3).toString("hex")}`;
    const subject = await api.post("/admin/subjects", { code, name: `Bank ${code}` }, adminToken);
    const subjectId = subject.body.subject.id as string;

    const { page, context, errors } = await newPage(browser, { lang: "uz", width: 360, height: 760 });
    await signIn(page, server.url, ADMIN.email, ADMIN.password, "/admin/import", "uz");
    await page.getByLabel("Fayl turi").selectOption("moodle-xml");
    await page.getByLabel("Qaysi fanga").selectOption(subjectId);
    await page
      .getByLabel("Moodle XML fayl")
      .setInputFiles({ name: "bank.xml", mimeType: "application/xml", buffer: Buffer.from(MOODLE) });
    await page.getByRole("button", { name: "Import qilish" }).click();
    await expect
      .poll(() => page.getByTestId("bank-result").textContent())
      .toBe("2 ta savol saqlandi, 1 tasi rad etildi.");
    const rejected = page.locator('tr[data-index="1"]');
    expect(await rejected.textContent()).toBe("2Insho“essay” turidagi savollar qoʻllab-quvvatlanmaydi");
    expect(await page.locator("main").textContent()).not.toMatch(/not supported|unsupported_type/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);
    await screenshot(page, "admin-bank-import-360-uz");
    const stored = await api.get(`/admin/questions?subjectId=${subjectId}`, adminToken);
    expect(stored.body.items.map((q: { stem: string }) => q.stem)).toEqual(["$3^2$ = ?", "Juft sonlar?"]);

    await page.getByLabel("Eksport formati").selectOption("csv");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: `Bank ${code}: yuklab olish` }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`${code}-questions.csv`);
    const csv = await readFile((await download.path())!, "utf8");
    const row = (cells: string[], correct: string) =>
      [...cells, ...Array<string>(12 - cells.length).fill(""), correct, ...Array<string>(6).fill("")].join(
        ",",
      );
    expect(csv.split("\r\n").slice(1, 3)).toEqual([
      row(["single", "$3^2$ = ?", "6", "9"], "b"),
      row(["multiple", "Juft sonlar?", "2", "3", "4"], "a|c"),
    ]);

    expect(errors).toEqual([]);
    await context.close();
  });
});
