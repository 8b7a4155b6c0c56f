import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  apiClient,
  loginAs,
  newExam,
  newUser,
  startTestServer,
  type TestServer,
  uniqueEmail,
} from "@imtihon/testing";
import { ensureWebBuilt, launchBrowser, newPage, screenshot, signIn } from "./harness.ts";

// Issue #13, the proctor's side: defects 3 (only live exams offered, the reason said), 4 (feed and
// messages survive a reload), 5 (paused vs terminated: own words and colours; rows paused while the
// session is) and 11 (no Uzbek suffix glued to a Cyrillic name).
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

const row = (page: Page, name: string) => page.locator(`[role="row"][data-student="${name}"]`);
const status = (page: Page, name: string) => row(page, name).getByTestId("roster-status");

describe("proctor defects of issue #13", () => {
  it("live exams only; feed and messages from the server after a reload; paused and terminated told apart (3, 4, 5, 11)", async () => {
    const api = apiClient(server.url);
    const adminToken = await loginAs(api, ADMIN.email, ADMIN.password);
    const live = await newExam(api, adminToken, { mode: "live", questions: 3 });
    const selfPaced = await newExam(api, adminToken, { mode: "self_paced" });
    const liveTitle = (await api.get(`/exams/${live.examId}`, adminToken)).body.title as string;
    const selfTitle = (await api.get(`/exams/${selfPaced.examId}`, adminToken)).body.title as string;
    const proctor = await newUser(api, adminToken, "proctor");

    const p = await newPage(browser, { lang: "uz" });
    await signIn(p.page, server.url, proctor.email, proctor.password, "/proctor", "uz");
    const options = p.page.locator('select[name="examId"] option');
    await expect.poll(() => options.allTextContents()).toContain(`${liveTitle} (Jonli)`);
    expect((await options.allTextContents()).join("|")).not.toContain(selfTitle);
    expect(await p.page.locator("#sessions-live-only").textContent()).toContain("faqat jonli imtihonlar");
    await p.page.locator('select[name="examId"]').selectOption({ label: `${liveTitle} (Jonli)` });
    await p.page.getByRole("button", { name: "Sessiya ochish" }).click();
    await p.page.waitForURL((u) => u.pathname.startsWith("/proctor/sessions/"));
    const link = await p.page.getByTestId("join-link").inputValue();

    const join = async (fullName: string, lang: "uz" | "ru") => {
      const email = uniqueEmail("kirill");
      const res = await api.post("/auth/register", { email, password: "talaba-parol-1", fullName });
      expect(res.status).toBe(201);
      const s = await newPage(browser, { lang, width: 360, height: 740 });
      await s.page.goto(`${server.url}/login?next=${encodeURIComponent(new URL(link).pathname)}`);
      await s.page.locator('input[name="email"]').fill(email);
      await s.page.locator('input[name="password"]').fill("talaba-parol-1");
      await s.page.locator('button[type="submit"]').click();
      await s.page.waitForURL((u) => u.pathname.startsWith("/join/"));
      return { ...s, name: fullName };
    };
    const dilnoza = await join("Дилноза Каримова", "uz");
    const bobur = await join("Bobur Aliyev", "uz");
    for (const s of [dilnoza, bobur])
      await expect.poll(() => status(p.page, s.name).textContent()).toBe("Kutish zalida");
    await p.page.getByRole("button", { name: "Boshlash" }).click();
    for (const s of [dilnoza, bobur])
      await expect.poll(() => s.page.locator(".question h2").textContent()).toContain("Savol 1 / 3");

    // A Cyrillic name takes no Uzbek suffix: "Xabar: Дилноза Каримова", never "Каримоваga".
    const messageButton = row(p.page, dilnoza.name).getByRole("button", { name: `Xabar: ${dilnoza.name}` });
    expect(await messageButton.isVisible()).toBe(true);
    expect(await p.page.locator("main").innerHTML()).not.toMatch(/Каримова(ga|ni)/);
    await dilnoza.page.evaluate(() => document.dispatchEvent(new Event("copy")));
    await expect
      .poll(() => p.page.locator(".feed-list").first().textContent())
      .toContain(`${dilnoza.name} nusxa oldi`);
    await p.page.getByLabel("Hammaga xabar").fill("Telefonlarni oʻchiring");
    await p.page.getByRole("button", { name: "Yuborish", exact: true }).click();
    await messageButton.click();
    await p.page.getByRole("dialog").getByLabel("Xabar matni").fill("Oldinga oʻtiring");
    await p.page.getByRole("dialog").getByRole("button", { name: "Yuborish" }).click();
    await expect.poll(() => dilnoza.page.getByTestId("proctor-message").count()).toBe(2);

    // Paused: the session, every open row and the students' screens say "pause", in amber.
    await p.page.getByRole("button", { name: "Pauza qilish" }).click();
    await expect.poll(() => p.page.getByTestId("session-state").textContent()).toBe("Holat: Pauzada");
    for (const s of [dilnoza, bobur]) {
      await expect.poll(() => status(p.page, s.name).textContent()).toBe("Pauzada");
      await expect.poll(() => s.page.getByTestId("paused").textContent()).toContain("Pauza: proktor");
    }
    await screenshot(dilnoza.page, "student-paused-360-uz");

    // A reload keeps the integrity feed and the messages: they come from the server.
    await p.page.reload();
    await expect
      .poll(() => p.page.locator(".feed-list").first().textContent())
      .toContain(`${dilnoza.name} nusxa oldi`);
    await expect
      .poll(() => p.page.getByTestId("sent-messages").textContent())
      .toContain("Hammaga: Telefonlarni oʻchiring");
    expect(await p.page.getByTestId("sent-messages").textContent()).toContain(
      `${dilnoza.name}: Oldinga oʻtiring`,
    );
    expect(await row(p.page, dilnoza.name).locator(".c-flags").textContent()).toBe("⚠ 1");
    await expect.poll(() => status(p.page, dilnoza.name).textContent()).toBe("Pauzada");
    // The student's reload keeps the messages too.
    await dilnoza.page.reload();
    await expect
      .poll(() => dilnoza.page.getByTestId("proctor-message").allTextContents())
      .toEqual([
        expect.stringContaining("Telefonlarni oʻchiring"),
        expect.stringContaining("Oldinga oʻtiring"),
      ]);

    // Terminated: another word, another colour, and the student is told it is final.
    await p.page.getByRole("button", { name: "Davom ettirish" }).click();
    await expect.poll(() => status(p.page, bobur.name).textContent()).toBe("Davom etmoqda");
    await row(p.page, bobur.name)
      .getByRole("button", { name: `Chetlatish: ${bobur.name}` })
      .click();
    await p.page.getByRole("dialog").getByLabel("Sabab").fill("Telefon");
    await p.page.getByRole("dialog").getByRole("button", { name: "Chetlatish" }).click();
    await expect.poll(() => status(p.page, bobur.name).textContent()).toBe("Chetlatilgan");
    await expect
      .poll(() => bobur.page.getByTestId("room-ended").textContent())
      .toContain("Proktor sizni imtihondan chetlatdi");
    await screenshot(bobur.page, "student-terminated-360-uz");
    await p.page.getByRole("button", { name: "Pauza qilish" }).click();
    await expect.poll(() => status(p.page, dilnoza.name).textContent()).toBe("Pauzada");
    const colour = (name: string) => status(p.page, name).evaluate((el) => getComputedStyle(el).color);
    expect(await colour(dilnoza.name)).not.toBe(await colour(bobur.name));
    await screenshot(p.page, "proctor-session-1280-uz");

    for (const x of [p, dilnoza, bobur]) {
      expect(x.errors).toEqual([]);
      await x.context.close();
    }
  });

  it("/docs shows code as code, not literal backticks (11)", async () => {
    const { page, context, errors } = await newPage(browser, { lang: "en" });
    await page.goto(`${server.url}/docs`);
    await expect.poll(() => page.locator("details").count()).toBeGreaterThan(10);
    expect(await page.locator("body").innerText()).not.toContain("`");
    expect(await page.locator("details p code, details summary code").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});
