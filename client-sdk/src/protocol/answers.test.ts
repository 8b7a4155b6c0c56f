import { describe, expect, it } from "vitest";
import { normaliseText, numericMatches, parseNumeric } from "./answers.ts";
import { responseSchema } from "./models.ts";
import { questionInput } from "./http.ts";

describe("parseNumeric", () => {
  it.each([
    ["0.5", 0.5],
    ["0,5", 0.5],
    ["1/2", 0.5],
    [" 1 / 2 ", 0.5],
    ["-3", -3],
    ["+3", 3],
    ["\u22123", -3],
    ["1 000", 1000],
    ["1\u00a0000,25", 1000.25],
    [".5", 0.5],
    ["5.", 5],
    ["-1/4", -0.25],
    ["3/-4", -0.75],
    ["1,5/3", 0.5],
    ["\uff11\uff12", 12],
    ["\u00bd", 0.5],
  ])("reads %j as %d", (text, value) => {
    expect(parseNumeric(text)).toBeCloseTo(value, 12);
  });

  it.each(["", " ", "abc", "1/0", "1//2", "1/2/3", "0x10", "1e3", "1.2.3", "--3", "1,2,3", "½x", "Infinity"])(
    "refuses %j",
    (text) => {
      expect(parseNumeric(text)).toBeNull();
    },
  );

  it("compares within an absolute tolerance, forgiving binary rounding", () => {
    expect(numericMatches(0.1 + 0.2, 0.3, 0)).toBe(true);
    expect(numericMatches(1 / 3, 0.333, 0.001)).toBe(true);
    expect(numericMatches(1.42, 1.41, 0.01)).toBe(true);
    expect(numericMatches(1.43, 1.41, 0.01)).toBe(false);
    expect(numericMatches(-3, 3, 0)).toBe(false);
  });
});

describe("normaliseText", () => {
  it("ignores case, outer and repeated spaces", () => {
    expect(normaliseText("  Parallel   TOʻGʻRI\tchiziqlar ")).toBe(
      normaliseText("parallel toʻgʻri chiziqlar"),
    );
    expect(normaliseText("  Gipotenuza ")).toBe("gipotenuza");
  });

  it("counts the oʻ/gʻ apostrophes ʻ ' ‘ ` ’ as one", () => {
    const forms = ["Oʻzbekiston", "O'zbekiston", "O‘zbekiston", "O`zbekiston", "O’zbekiston", "OʼZBEKISTON"];
    expect(new Set(forms.map(normaliseText)).size).toBe(1);
    expect(normaliseText("gʻalaba")).toBe(normaliseText("g'alaba"));
  });

  it("lower-cases Cyrillic and composes to NFC", () => {
    expect(normaliseText("ЎЗБЕКИСТОН")).toBe("ўзбекистон");
    expect(normaliseText("e\u0301")).toBe("\u00e9");
  });
});

describe("the protocol's shapes of the new kinds", () => {
  it("accepts a typed value and matching pairs as responses, and nothing mixed", () => {
    expect(responseSchema.safeParse({ value: "0,5" }).success).toBe(true);
    expect(responseSchema.safeParse({ pairs: [["l1", "r2"]] }).success).toBe(true);
    expect(responseSchema.safeParse({ value: "" }).success).toBe(false);
    expect(responseSchema.safeParse({ value: "x".repeat(201) }).success).toBe(false);
    expect(responseSchema.safeParse({ pairs: [["l1"]] }).success).toBe(false);
    expect(responseSchema.safeParse({ value: "1", choice: "a" }).success).toBe(false);
  });

  const subjectId = "7b0f5f5e-3a6f-4d8e-9d1c-1a2b3c4d5e6f";
  it.each([
    ["numeric without its answer", { kind: "numeric", stem: "?" }],
    [
      "numeric with a negative tolerance",
      { kind: "numeric", stem: "?", answer: { value: 1, tolerance: -1 } },
    ],
    ["numeric with choices", { kind: "numeric", stem: "?", answer: { value: 1 }, options: [] }],
    ["short text without accepted answers", { kind: "short_text", stem: "?", accepted: [] }],
    [
      "matching with a pair to an unknown item",
      {
        kind: "matching",
        stem: "?",
        left: [
          { id: "l1", text: "a" },
          { id: "l2", text: "b" },
        ],
        right: [
          { id: "r1", text: "x" },
          { id: "r2", text: "y" },
        ],
        pairs: [
          ["l1", "r1"],
          ["l2", "r9"],
        ],
      },
    ],
    [
      "matching with a left item left unpaired",
      {
        kind: "matching",
        stem: "?",
        left: [
          { id: "l1", text: "a" },
          { id: "l2", text: "b" },
        ],
        right: [
          { id: "r1", text: "x" },
          { id: "r2", text: "y" },
        ],
        pairs: [["l1", "r1"]],
      },
    ],
    ["an unknown kind", { kind: "essay", stem: "?" }],
    ["an unknown difficulty", { kind: "short_text", stem: "?", accepted: ["a"], difficulty: "extreme" }],
  ])("refuses %s", (_name, q) => {
    expect(questionInput.safeParse({ subjectId, ...q }).success).toBe(false);
  });

  it("accepts one of each kind", () => {
    for (const q of [
      { kind: "numeric", stem: "?", answer: { value: 0.5, tolerance: 0.01 }, difficulty: "easy" },
      { kind: "short_text", stem: "?", accepted: ["gipotenuza"], explanation: "…" },
      {
        kind: "matching",
        stem: "?",
        left: [
          { id: "l1", text: "a" },
          { id: "l2", text: "b" },
        ],
        right: [
          { id: "r1", text: "x" },
          { id: "r2", text: "y" },
          { id: "r3", text: "z" },
        ],
        pairs: [
          ["l1", "r2"],
          ["l2", "r1"],
        ],
      },
    ])
      expect(questionInput.safeParse({ subjectId, ...q }).error).toBeUndefined();
  });
});
