import { describe, expect, it } from "vitest";
import { PNG } from "../test-samples.ts";
import { BankFileError, DEFAULT_LIMITS } from "../types.ts";
import { readCsv } from "./csv.ts";
import { readJson } from "./json.ts";

describe("CSV import", () => {
  it("reads today's columns (a subject column is ignored) and the new kinds, every field", () => {
    const csv = [
      "subject;kind;stem;a;b;c;d;correct;answer;tolerance;accepted;explanation;difficulty;topic",
      "matematika;;2 + 2 = ?;3;4;5;;b;;;;;;",
      'matematika;multiple;"Tub sonlar?\n\nIkkitasini tanlang.";2;4;5;9;a|c;;;;;easy;Algebra/Sonlar',
      "matematika;numeric;$\\frac{1}{2}$ = ?;;;;;;0,5;0.01;;Yarim;medium;",
      "matematika;short_text;Poytaxt?;;;;;;;;Toshkent | Tashkent|a\\|b;;hard;Geografiya//Tarix",
      "matematika;matching;Moslang;Kvadrat => $a^2$;Doira => $\\pi r^2$;=> $2\\pi r$;;;;;;;;",
    ].join("\r\n");
    const { items, rejected } = readCsv(csv, DEFAULT_LIMITS);
    expect(rejected).toEqual([]);
    expect(items).toEqual([
      {
        index: 0,
        item: {
          kind: "single",
          stem: "2 + 2 = ?",
          options: [
            { id: "a", text: "3" },
            { id: "b", text: "4" },
            { id: "c", text: "5" },
          ],
          correct: ["b"],
        },
      },
      {
        index: 1,
        item: {
          kind: "multiple",
          stem: "Tub sonlar?\n\nIkkitasini tanlang.",
          options: [
            { id: "a", text: "2" },
            { id: "b", text: "4" },
            { id: "c", text: "5" },
            { id: "d", text: "9" },
          ],
          correct: ["a", "c"],
          difficulty: "easy",
          topicPath: ["Algebra", "Sonlar"],
        },
      },
      {
        index: 2,
        item: {
          kind: "numeric",
          stem: "$\\frac{1}{2}$ = ?",
          answer: { value: 0.5, tolerance: 0.01 },
          explanation: "Yarim",
          difficulty: "medium",
        },
      },
      {
        index: 3,
        item: {
          kind: "short_text",
          stem: "Poytaxt?",
          accepted: ["Toshkent", "Tashkent", "a|b"],
          difficulty: "hard",
          topicPath: ["Geografiya/Tarix"],
        },
      },
      {
        index: 4,
        item: {
          kind: "matching",
          stem: "Moslang",
          left: [
            { id: "l1", text: "Kvadrat" },
            { id: "l2", text: "Doira" },
          ],
          right: [
            { id: "r1", text: "$a^2$" },
            { id: "r2", text: "$\\pi r^2$" },
            { id: "r3", text: "$2\\pi r$" },
          ],
          pairs: [
            ["l1", "r1"],
            ["l2", "r2"],
          ],
        },
      },
    ]);
  });

  it("rejects bad rows whole with the schema's reason; the good ones still come through", () => {
    const csv = [
      "kind,stem,a,b,correct,answer,accepted,difficulty",
      "single,3 * 3 = ?,6,9,e,,,",
      "numeric,Necha?,,,,besh,,",
      "short_text,Nima?,,,,,,",
      "single,Yaxshi,1,2,a,,,",
      "single,Qiyin,1,2,a,,,juda",
      "essay,Yozing,,,,,,",
    ].join("\n");
    const { items, rejected } = readCsv(csv, DEFAULT_LIMITS);
    expect(items.map((i) => i.index)).toEqual([3]);
    expect(rejected.map(({ index, reason, code }) => ({ index, reason, code }))).toEqual([
      { index: 0, reason: 'correct.0: no option with id "e"', code: "invalid" },
      { index: 1, reason: 'answer: "besh" is not a number', code: "not_a_number" },
      { index: 2, reason: "accepted: Too small: expected array to have >=1 items", code: "invalid" },
      {
        index: 4,
        reason: 'difficulty: Invalid option: expected one of "easy"|"medium"|"hard"',
        code: "invalid",
      },
      {
        index: 5,
        reason:
          "kind: Invalid discriminator value. Expected 'single' | 'multiple' | 'numeric' | 'short_text' | 'matching'",
        code: "invalid",
      },
    ]);
    expect(rejected[0]!.issues).toEqual([
      { code: "custom", path: ["correct", 0], message: 'no option with id "e"' },
    ]);
  });

  it.each([
    ["an empty file", "", "the CSV file is empty"],
    ["a header without stem", "question,answer\nx,y", 'the CSV header has no "stem" column'],
    ["an unterminated quote", 'kind,stem\nsingle,"never closed', "the CSV file ends inside a quoted field"],
  ])("refuses %s", (_, text, reason) => {
    expect(() => readCsv(text, DEFAULT_LIMITS)).toThrow(BankFileError);
    expect(() => readCsv(text, DEFAULT_LIMITS)).toThrow(reason);
  });
});

describe("JSON import", () => {
  it("reads an array or { items }, ignores listing fields, decodes embedded images", () => {
    const json = JSON.stringify({
      items: [
        {
          id: "3f1b0c1e-8d3e-4d1b-9a57-1f8a3a3c2b10",
          subjectId: "3f1b0c1e-8d3e-4d1b-9a57-1f8a3a3c2b11",
          frozen: false,
          name: "Birinchi",
          kind: "single",
          stem: "Rasmga qarang: ![Grafik](embedded:0)",
          options: [
            { id: "a", text: "1" },
            { id: "b", text: "2" },
          ],
          correct: ["a"],
          images: [{ filename: "g.png", alt: "Grafik", data: Buffer.from(PNG).toString("base64") }],
        },
        { kind: "numeric", stem: "x?", answer: { value: -2.5 }, topicPath: ["Algebra"] },
      ],
    });
    expect(readJson(json, DEFAULT_LIMITS)).toEqual({
      items: [
        {
          index: 0,
          name: "Birinchi",
          item: {
            kind: "single",
            stem: "Rasmga qarang: ![Grafik](embedded:0)",
            options: [
              { id: "a", text: "1" },
              { id: "b", text: "2" },
            ],
            correct: ["a"],
            images: [{ bytes: PNG, alt: "Grafik", filename: "g.png" }],
          },
        },
        { index: 1, item: { kind: "numeric", stem: "x?", answer: { value: -2.5 }, topicPath: ["Algebra"] } },
      ],
      rejected: [],
    });
  });

  it("rejects items that are not objects, carry unknown fields, NUL characters, bad images, or refer to a missing image", () => {
    const ok = { kind: "short_text", stem: "?", accepted: ["a"] };
    const json = JSON.stringify([
      7,
      { ...ok, score: 3 },
      { ...ok, stem: "a\u0000b" },
      { ...ok, images: [{ filename: "a.png", alt: "a", data: "%%%" }] },
      { ...ok, stem: "![x](embedded:1)" },
      {
        kind: "matching",
        stem: "?",
        left: [{ id: "l1", text: "a" }],
        right: [{ id: "r1", text: "b" }],
        pairs: [["l1", "r9"]],
      },
      ok,
    ]);
    const { items, rejected } = readJson(json, DEFAULT_LIMITS);
    expect(items.map((i) => i.index)).toEqual([6]);
    expect(rejected.map(({ index, reason, code }) => ({ index, reason, code }))).toEqual([
      { index: 0, reason: "not an object", code: "not_object" },
      { index: 1, reason: 'Unrecognized key: "score"', code: "invalid" },
      { index: 2, reason: "text may not contain NUL characters", code: "invalid" },
      { index: 3, reason: 'image "a.png" is not valid base64', code: "image_invalid" },
      {
        index: 4,
        reason: "images: the text refers to image 1, which the item does not carry",
        code: "invalid",
      },
      { index: 5, reason: 'pairs.0.1: no right item "r9"', code: "invalid" },
    ]);
  });

  it.each([
    ["not JSON", "{ items: ", /^not a JSON file/],
    ["neither an array nor { items }", '{ "questions": [] }', /neither an array of questions nor/],
  ])("refuses a file that is %s", (_, text, reason) => {
    expect(() => readJson(text, DEFAULT_LIMITS)).toThrow(reason);
  });

  it("refuses more items than the limit", () => {
    expect(() => readJson("[{}, {}, {}]", { ...DEFAULT_LIMITS, maxItems: 2 })).toThrow(
      "the file has more than 2 questions",
    );
  });
});
