import { describe, expect, it } from "vitest";
import { groupParts, readTopics, weakestFirst, type Area, type FinishedAttempt } from "./progress.ts";

const attempt = (
  id: string,
  at: string,
  parts: { key: string; correct: number; total: number }[],
): FinishedAttempt => ({
  attemptId: `00000000-0000-4000-8000-00000000000${id}`,
  examId: "00000000-0000-4000-8000-0000000000e1",
  examTitle: "Sinov",
  at: new Date(at),
  score: 0,
  maxScore: 0,
  sections: [],
  topics: parts.map((p) => ({ ...p, path: p.key, score: p.correct * 110, maxScore: p.total * 110 })),
});

describe("groupParts", () => {
  it("sums an area's parts within an attempt and across attempts, one history point per attempt", () => {
    const areas = groupParts(
      [
        attempt("1", "2026-11-01T10:00:00Z", [
          { key: "math", correct: 3, total: 10 },
          { key: "math", correct: 20, total: 30 },
          { key: "physics", correct: 1, total: 4 },
        ]),
        attempt("2", "2026-11-08T10:00:00Z", [{ key: "math", correct: 9, total: 10 }]),
      ],
      (a) => a.topics,
    );
    const math = areas.find((a) => a.key === "math")!;
    expect(math).toMatchObject({ correct: 32, total: 50, score: 32 * 110, maxScore: 50 * 110 });
    expect(math.history.map((h) => [h.at, h.score, h.maxScore, h.percent])).toEqual([
      ["2026-11-01T10:00:00.000Z", 25.3, 44, 57.5],
      ["2026-11-08T10:00:00.000Z", 9.9, 11, 90],
    ]);
    expect(areas.find((a) => a.key === "physics")!.history).toHaveLength(1);
  });
});

describe("weakestFirst", () => {
  const area = (key: string, correct: number, total: number): Area => ({
    key,
    correct,
    total,
    score: 0,
    maxScore: 0,
    history: [],
    examIds: new Set(),
  });
  it("orders by smoothed accuracy, prefers the area with more evidence, drops areas with nothing wrong, keeps five", () => {
    const out = weakestFirst([
      area("one-wrong", 0, 1), // (0+1)/(1+2) = 0.333
      area("three-of-ten", 3, 10), // 4/12 = 0.333, more questions: first
      area("one-of-ten", 1, 10), // 2/12 = 0.167
      area("perfect", 5, 5),
      area("half", 5, 10),
      area("most", 8, 10),
      area("nearly", 9, 10),
    ]);
    expect(out.map((a) => a.key)).toEqual(["one-of-ten", "three-of-ten", "one-wrong", "half", "most"]);
  });
});

describe("readTopics", () => {
  it("keeps well-formed entries (path as a list or a string) and skips anything else", () => {
    expect(
      readTopics([
        { topicId: "t1", path: ["Algebra", "Tenglamalar"], score: 220, maxScore: 330, correct: 2, total: 3 },
        { topicId: 42, path: "Geometriya", score: 0, maxScore: 110, correct: 0, total: 1 },
        { topicId: "t3", path: "X", score: 100, maxScore: 100, correct: 3, total: 2 },
        { topicId: "t4", path: "Y", score: -1, maxScore: 100, correct: 0, total: 1 },
        { topicId: "t5", path: "Z", score: "1", maxScore: 100, correct: 0, total: 1 },
        { path: "no id", score: 1, maxScore: 1, correct: 1, total: 1 },
        null,
        "t6",
      ]),
    ).toEqual([
      { key: "t1", path: "Algebra › Tenglamalar", score: 220, maxScore: 330, correct: 2, total: 3 },
      { key: "42", path: "Geometriya", score: 0, maxScore: 110, correct: 0, total: 1 },
    ]);
    expect(readTopics(null)).toEqual([]);
    expect(readTopics({ topics: [] })).toEqual([]);
  });
});
