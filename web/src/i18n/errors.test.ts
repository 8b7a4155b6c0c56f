import { SdkError } from "@imtihon/client-sdk";
import { createExamBody, questionInput, registerBody } from "@imtihon/client-sdk/protocol";
import { describe, expect, it } from "vitest";
import { ApiError } from "../api/http.ts";
import { describeError, describeIssue, type Issue } from "./errors.ts";
import { formatNumber, isoToLocalInput, localInputToIso, parseDecimal, uzLetters } from "./format.ts";
import { makeTranslate } from "./i18n.tsx";
import { LANGS } from "./messages.ts";

const issues = (r: { success: boolean; error?: { issues: unknown[] } }) => (r.error?.issues ?? []) as Issue[];

describe("errors in the user's language", () => {
  const [uz, ru, en] = LANGS.map(makeTranslate) as [
    ReturnType<typeof makeTranslate>,
    ReturnType<typeof makeTranslate>,
    ReturnType<typeof makeTranslate>,
  ];

  it("words the protocol's own zod issues per field, never zod's English", () => {
    const reg = issues(registerBody.safeParse({ email: "x", password: "short", fullName: "   " }));
    expect(reg.map((i) => describeIssue(uz, i)).sort()).toEqual([
      "Elektron pochta: elektron pochta manzili emas",
      "Ism va familiya: toʻldirilishi kerak",
      "Parol: kamida 8 ta belgi",
    ]);
    expect(reg.map((i) => describeIssue(ru, i))).toContain("Пароль: не короче 8 символов");
    const q = issues(
      questionInput.safeParse({
        subjectId: "00000000-0000-4000-8000-000000000000",
        kind: "single",
        stem: "2 + 2",
        options: [
          { id: "a", text: "3" },
          { id: "b", text: "4" },
        ],
        correct: ["e"],
      }),
    );
    expect(q.map((i) => describeIssue(uz, i))).toEqual(["Toʻgʻri javob: “e” degan variant yoʻq"]);
    expect(q.map((i) => describeIssue(en, i))).toEqual(["Correct: there is no option “e”"]);
    const exam = issues(
      createExamBody.safeParse({
        title: "T",
        mode: "self_paced",
        durationSeconds: 600,
        sections: [{ title: "A", questionIds: [], pointsPerQuestion: 1.111 }],
      }),
    );
    expect(exam.map((i) => describeIssue(uz, i)).sort()).toEqual([
      "1-boʻlim · Har bir savol uchun ball: koʻpi bilan ikki xona kasr",
      "1-boʻlim · Savollar: kamida 1 tasini tanlang",
    ]);
  });

  it("maps every server error code; a 429 says how long to wait, with plural rules", () => {
    const limited = new ApiError(429, "rate_limited", "too many", undefined, 879);
    expect(describeError(uz, limited)).toBe("Juda koʻp urinish. Qayta urinishdan oldin 15 daqiqa kuting.");
    expect(describeError(ru, limited)).toBe("Слишком много попыток. Повторите через 15 минут.");
    expect(describeError(ru, new ApiError(429, "rate_limited", "", undefined, 120))).toContain("2 минуты");
    expect(describeError(en, new ApiError(429, "rate_limited", "", undefined, 30))).toContain("30 seconds");
    const notLive = new ApiError(409, "conflict", "the exam is self-paced", { reason: "not_live" });
    expect(describeError(uz, notLive)).toMatch(/^Bu imtihon mustaqil/);
    const payload = new ApiError(400, "invalid_payload", "invalid payload", [
      { code: "too_small", origin: "array", minimum: 1, path: ["sections", 0, "questionIds"], message: "x" },
    ]);
    expect(describeError(uz, payload)).toBe(
      "Maʼlumotlarda xato bor: 1-boʻlim · Savollar: kamida 1 tasini tanlang",
    );
    for (const t of [uz, ru, en]) {
      for (const code of ["forbidden", "not_found", "conflict", "payment_required", "payload_too_large"]) {
        const text = describeError(t, new ApiError(400, code as "forbidden", "English text"));
        expect(text).not.toContain("English text");
        expect(text).not.toMatch(/^(error|auth)\./);
      }
    }
    expect(describeError(uz, new Error("boom"))).toContain("Kutilmagan xato");
  });

  it("a socket's rate limit says how long to wait in its own words; the exam console's conflicts say which", () => {
    const socket = new SdkError("rate_limited", "too many events", 7);
    expect(describeError(uz, socket)).toBe("Soʻrovlar juda koʻp. 7 soniya kuting va qayta urining.");
    expect(describeError(ru, socket)).toBe("Слишком много запросов. Подождите 7 секунд и повторите.");
    expect(describeError(ru, new SdkError("rate_limited", "", 1))).toContain("Подождите 1 секунду");
    expect(describeError(ru, new SdkError("rate_limited", "", 3))).toContain("Подождите 3 секунды");
    expect(describeError(en, new SdkError("rate_limited", "", 1))).toContain("Wait 1 second and");
    // Without a wait (an older server) it still says something true, never the server's English.
    expect(describeError(en, new SdkError("rate_limited", "too many events"))).toBe(
      "Too many attempts. Try again shortly.",
    );
    const conflict = (reason: string) => new ApiError(409, "conflict", "English", { reason });
    expect(describeError(uz, conflict("started"))).toMatch(/^Bu imtihonni talabalar allaqachon boshlagan/);
    expect(describeError(ru, conflict("published"))).toBe(
      "Экзамен уже опубликован, изменить его нельзя. Скопируйте его и измените копию.",
    );
    expect(describeError(en, conflict("closed"))).toBe("This exam is closed already");
    expect(describeError(en, conflict("draft"))).toBe("This exam is still a draft (not published)");
  });

  it("plural forms by Intl.PluralRules, numbers the local way", () => {
    expect(ru("room.pointsN", { points: "2", count: 2 })).toBe("2 балла");
    expect(ru("room.pointsN", { points: "5", count: 5 })).toBe("5 баллов");
    expect(ru("room.pointsN", { points: "1", count: 1 })).toBe("1 балл");
    expect(ru("room.pointsN", { points: "1,1", count: 1.1 })).toBe("1,1 балла");
    expect(en("room.pointsN", { points: "1", count: 1 })).toBe("1 point");
    expect(formatNumber("uz", 5.3)).toBe("5,3");
    expect(formatNumber("ru", 143.6)).toBe("143,6");
    expect(formatNumber("en", 143.6)).toBe("143.6");
    expect(formatNumber("uz", 188.99999)).toBe("189");
  });

  it("reads and writes datetime-local values in the shown zone's wall clock (Tashkent on a UTC machine)", () => {
    expect(localInputToIso("2026-12-01T09:00", "Asia/Tashkent")).toBe("2026-12-01T04:00:00.000Z");
    expect(isoToLocalInput("2026-12-01T04:00:00.000Z", "Asia/Tashkent")).toBe("2026-12-01T09:00");
    // Daylight saving follows the date, not today.
    expect(localInputToIso("2026-07-01T12:00", "Europe/Berlin")).toBe("2026-07-01T10:00:00.000Z");
    expect(localInputToIso("2026-01-15T12:00:30", "Europe/Berlin")).toBe("2026-01-15T11:00:30.000Z");
    expect(isoToLocalInput("2026-07-01T10:00:00.000Z", "Europe/Berlin")).toBe("2026-07-01T12:00");
    for (const bad of ["", "2026-12-01", "tomorrow"])
      expect(localInputToIso(bad, "Asia/Tashkent")).toBeNull();
    expect(isoToLocalInput(null)).toBe("");
  });

  it("reads decimals typed with a comma or a point, refuses anything else", () => {
    expect(parseDecimal("1,1")).toBe(1.1);
    expect(parseDecimal("1.1")).toBe(1.1);
    expect(parseDecimal(" 2 ")).toBe(2);
    expect(parseDecimal("1 000,5")).toBe(1000.5);
    for (const bad of ["", "1,1,1", "1.1.1", "abc", "1,1a", ","]) expect(parseDecimal(bad)).toBeNull();
  });

  it("writes Uzbek oʻ and gʻ with the UI's letter whatever apostrophe the content used", () => {
    expect(uzLetters("O'zbekiston tarixi")).toBe("Oʻzbekiston tarixi");
    expect(uzLetters("Yo‘nalish, bog’")).toBe("Yoʻnalish, bog’");
    expect(uzLetters("don't")).toBe("don't");
  });
});
