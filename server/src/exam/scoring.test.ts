import type { AnswerResponse } from "@imtihon/client-sdk/protocol";
import { describe, expect, it } from "vitest";
import { compileKey, type ExamContent, type ExamQuestion } from "./content.ts";
import { credit, earned, isCorrect, scoreAnswers } from "./scoring.ts";

const opts = (...ids: string[]) => ids.map((id) => ({ id, text: id.toUpperCase() }));

/** A question as the content cache holds it: the key compiled once, as when an exam is loaded. */
function question(
  id: string,
  row: {
    kind: ExamQuestion["kind"];
    options?: { id: string; text: string }[];
    correct?: string[];
    answer?: { value: number; tolerance: number };
    accepted?: string[];
    right?: { id: string; text: string }[];
    pairs?: [string, string][];
  },
  extra: { points?: number; partial?: boolean; section?: number; topicIds?: string[] } = {},
): ExamQuestion {
  const stored = {
    kind: row.kind,
    correct: row.correct ?? [],
    answer: row.answer ?? null,
    accepted: row.accepted ?? null,
    pairs: row.pairs ?? null,
    right_items: row.right ?? null,
  };
  return {
    id,
    kind: row.kind,
    stem: id,
    options: row.options ?? [],
    optionIds: new Set((row.options ?? []).map((o) => o.id)),
    right: row.right ?? [],
    correct: stored.correct,
    answer: stored.answer,
    accepted: stored.accepted,
    pairs: stored.pairs,
    explanation: null,
    key: compileKey(stored),
    topicIds: extra.topicIds ?? [],
    section: extra.section ?? 0,
    points: extra.points ?? 100,
    partial: extra.partial ?? false,
  };
}

const single = question("single", { kind: "single", options: opts("a", "b", "c"), correct: ["b"] });
const multiple = question("multiple", {
  kind: "multiple",
  options: opts("a", "b", "c", "d", "e"),
  correct: ["a", "c", "e"],
});
const numeric = question("numeric", { kind: "numeric", answer: { value: 0.5, tolerance: 0 } });
const sqrt2 = question("sqrt2", { kind: "numeric", answer: { value: 1.41, tolerance: 0.01 } });
const negative = question("negative", { kind: "numeric", answer: { value: -3, tolerance: 0 } });
const text = question("text", {
  kind: "short_text",
  accepted: ["Oʻzbekiston", "parallel to'g'ri chiziqlar"],
});
const matching = question("matching", {
  kind: "matching",
  options: opts("l1", "l2", "l3"),
  right: opts("r1", "r2", "r3", "r4"),
  pairs: [
    ["l1", "r1"],
    ["l2", "r2"],
    ["l3", "r3"],
  ],
});
const partially = (q: ExamQuestion, points = 100) => ({ ...q, partial: true, points });

describe("scoring every kind", () => {
  it("single choice: the one right option", () => {
    expect(isCorrect(single, { choice: "b" })).toBe(true);
    expect(isCorrect(single, { choice: "a" })).toBe(false);
    expect(isCorrect(single, { choices: ["b"] })).toBe(false);
    expect(isCorrect(single, undefined)).toBe(false);
  });

  it("multiple choice: all or nothing is the exact set", () => {
    expect(earned(multiple, { choices: ["e", "a", "c"] })).toBe(100);
    expect(earned(multiple, { choices: ["a", "c"] })).toBe(0);
    expect(earned(multiple, { choices: ["a", "b", "c", "e"] })).toBe(0);
  });

  it.each<[string[], number]>([
    [["a", "c", "e"], 100],
    [["a", "c"], 66], // 2/3 of 100 hundredths, rounded down
    [["a"], 33],
    [["a", "c", "b"], 33], // 2 right − 1 wrong
    [["a", "b", "d"], 0], // 1 − 2 < 0 → 0
    [["b", "d"], 0],
    [[], 0],
  ])("multiple choice with partial credit: %j earns %d hundredths", (choices, hundredths) => {
    expect(earned(partially(multiple), { choices })).toBe(hundredths);
  });

  it("partial credit is exact on whole hundredths: points × right / of, rounded down", () => {
    // 3.1 points, 2 of 3 pairs: 310 × 2 / 3 = 206.67 → 206 (2.06 points), never a float sum.
    expect(
      earned(partially(matching, 310), {
        pairs: [
          ["l1", "r1"],
          ["l2", "r2"],
          ["l3", "r4"],
        ],
      }),
    ).toBe(206);
    expect(
      earned(partially(matching, 300), {
        pairs: [
          ["l1", "r1"],
          ["l2", "r2"],
        ],
      }),
    ).toBe(200);
    expect(earned(partially(multiple, 110), { choices: ["a"] })).toBe(36); // 110 / 3 = 36.67 → 36
  });

  it.each(["0.5", "0,5", "1/2", " 1 / 2 ", "2/4", ".5", "+0,50"])("numeric: %j is 0.5", (value) => {
    expect(isCorrect(numeric, { value })).toBe(true);
  });

  it.each(["0.51", "5", "-0.5", "1/3", "abc", "1/0"])("numeric: %j is not 0.5", (value) => {
    expect(isCorrect(numeric, { value })).toBe(false);
  });

  it("numeric: negative values and an absolute tolerance", () => {
    expect(isCorrect(negative, { value: "-3" })).toBe(true);
    expect(isCorrect(negative, { value: "\u22123" })).toBe(true);
    expect(isCorrect(negative, { value: "3" })).toBe(false);
    for (const value of ["1,41", "1.4", "1.42", "1,415", "141/100"])
      expect(isCorrect(sqrt2, { value })).toBe(true);
    for (const value of ["1.39", "1.43", "1,5"]) expect(isCorrect(sqrt2, { value })).toBe(false);
    expect(isCorrect(numeric, { choice: "a" })).toBe(false);
  });

  it.each([
    "Oʻzbekiston",
    "o'zbekiston",
    "  O‘ZBEKISTON ",
    "o`zbekiston",
    "O’zbekiston",
    "Parallel   to‘g‘ri chiziqlar",
    "PARALLEL TOʻGʻRI CHIZIQLAR",
  ])("short text: %j is accepted", (value) => {
    expect(isCorrect(text, { value })).toBe(true);
  });

  it.each(["Ozbekiston", "o''zbekiston", "parallel", "oʻzbekiston respublikasi"])(
    "short text: %j is not accepted",
    (value) => {
      expect(isCorrect(text, { value })).toBe(false);
    },
  );

  it("matching: every pair right for full marks; partial credit per pair", () => {
    const all: AnswerResponse = {
      pairs: [
        ["l3", "r3"],
        ["l1", "r1"],
        ["l2", "r2"],
      ],
    };
    expect(earned(matching, all)).toBe(100);
    expect(
      earned(matching, {
        pairs: [
          ["l1", "r1"],
          ["l2", "r2"],
        ],
      }),
    ).toBe(0);
    expect(
      credit(matching, {
        pairs: [
          ["l1", "r1"],
          ["l2", "r3"],
        ],
      }),
    ).toEqual({ right: 1, of: 3 });
    expect(
      earned(partially(matching), {
        pairs: [
          ["l1", "r1"],
          ["l2", "r3"],
        ],
      }),
    ).toBe(33);
    expect(earned(partially(matching), { pairs: [] })).toBe(0);
    expect(earned(partially(matching), { value: "l1" })).toBe(0);
  });
});

describe("scoreAnswers", () => {
  const content: ExamContent = {
    id: "exam",
    title: "t",
    mode: "self_paced",
    durationSeconds: 600,
    opensAt: null,
    closesAt: null,
    maxAttempts: null,
    review: "score",
    priceUzs: 0,
    shuffleQuestions: false,
    shuffleOptions: false,
    maxScore: 500,
    sections: [
      {
        position: 0,
        title: "All or nothing",
        subjectId: null,
        points: 100,
        questionCount: 2,
        scoring: "all_or_nothing",
      },
      { position: 1, title: "Partial", subjectId: null, points: 100, questionCount: 3, scoring: "partial" },
    ],
    topics: new Map([
      ["t-alg", { id: "t-alg", path: ["Algebra"] }],
      ["t-kv", { id: "t-kv", path: ["Algebra", "Kvadrat tenglamalar"] }],
    ]),
    order: ["single", "numeric", "multiple", "matching", "text"],
    questions: new Map(
      [
        { ...single, topicIds: ["t-alg"] },
        { ...numeric, topicIds: ["t-kv"] },
        { ...multiple, section: 1, partial: true, topicIds: ["t-alg", "t-kv"] },
        { ...matching, section: 1, partial: true },
        { ...text, section: 1, partial: true, topicIds: ["t-alg"] },
      ].map((q) => [q.id, q]),
    ),
  };

  it("sums sections, questions and topics in exact hundredths", () => {
    const answers = new Map<string, AnswerResponse>([
      ["single", { choice: "b" }],
      ["numeric", { value: "1/3" }],
      ["multiple", { choices: ["a", "c"] }],
      [
        "matching",
        {
          pairs: [
            ["l1", "r1"],
            ["l2", "r2"],
            ["l3", "r4"],
          ],
        },
      ],
      ["text", { value: "O'ZBEKISTON" }],
    ]);
    const s = scoreAnswers(content, answers);
    expect(s.items).toEqual({ single: 100, numeric: 0, multiple: 66, matching: 66, text: 100 });
    expect(s.score).toBe(332);
    expect(s.correct).toBe(2);
    expect(s.sections).toEqual([
      { title: "All or nothing", score: 100, maxScore: 200, correct: 1, total: 2 },
      { title: "Partial", score: 232, maxScore: 300, correct: 1, total: 3 },
    ]);
    expect(s.topics).toEqual([
      { topicId: "t-alg", path: ["Algebra"], score: 266, maxScore: 300, correct: 2, total: 3 },
      {
        topicId: "t-kv",
        path: ["Algebra", "Kvadrat tenglamalar"],
        score: 66,
        maxScore: 200,
        correct: 0,
        total: 2,
      },
    ]);
  });

  it("an empty sheet scores 0 everywhere", () => {
    const s = scoreAnswers(content, new Map());
    expect(s.score).toBe(0);
    expect(Object.values(s.items)).toEqual([0, 0, 0, 0, 0]);
    expect(s.topics.map((t) => t.score)).toEqual([0, 0]);
  });
});
