import type { QuestionView } from "@imtihon/client-sdk/protocol";
import { describe, expect, it } from "vitest";
import {
  chosenIds,
  isAnswered,
  nextResponse,
  pairsOf,
  typedResponse,
  typedValue,
  withPair,
} from "./responses.ts";

const options = ["a", "b", "c", "d"].map((id) => ({ id, text: id.toUpperCase() }));
const single: QuestionView = { id: "q1", kind: "single", stem: "?", options, section: "S", points: 1 };
const multiple: QuestionView = { ...single, id: "q2", kind: "multiple" };

describe("answer responses", () => {
  it("single choice replaces the answer", () => {
    expect(nextResponse(single, undefined, "b")).toEqual({ choice: "b" });
    expect(nextResponse(single, { choice: "b" }, "d")).toEqual({ choice: "d" });
  });

  it("multiple choice toggles and keeps the options' order", () => {
    let r = nextResponse(multiple, undefined, "c");
    r = nextResponse(multiple, r, "a");
    expect(r).toEqual({ choices: ["a", "c"] });
    expect(nextResponse(multiple, r, "c")).toEqual({ choices: ["a"] });
    expect(nextResponse(multiple, { choices: ["a"] }, "a")).toEqual({ choices: [] });
  });

  it("chosenIds reads both shapes", () => {
    expect(chosenIds(undefined)).toEqual([]);
    expect(chosenIds({ choice: "a" })).toEqual(["a"]);
    expect(chosenIds({ choices: ["b", "d"] })).toEqual(["b", "d"]);
  });
});

describe("answers of the other kinds", () => {
  const matching: QuestionView = {
    id: "q3",
    kind: "matching",
    stem: "?",
    options: [],
    left: [
      { id: "l1", text: "x²" },
      { id: "l2", text: "sin x" },
    ],
    right: [
      { id: "r2", text: "cos x" },
      { id: "r1", text: "2x" },
    ],
    section: "S",
    points: 1,
  };

  it("a typed numeric answer is sent only when it reads as a number", () => {
    expect(typedResponse("numeric", " 0,5 ")).toEqual({ ok: true, response: { value: "0,5" } });
    expect(typedResponse("numeric", "1/2")).toEqual({ ok: true, response: { value: "1/2" } });
    expect(typedResponse("numeric", "-3")).toEqual({ ok: true, response: { value: "-3" } });
    expect(typedResponse("numeric", "abc")).toEqual({ ok: false, reason: "not_a_number" });
    expect(typedResponse("numeric", "1/0")).toEqual({ ok: false, reason: "not_a_number" });
    expect(typedResponse("numeric", "   ")).toEqual({ ok: false, reason: "empty" });
    expect(typedResponse("short_text", " Gipotenuza ")).toEqual({
      ok: true,
      response: { value: "Gipotenuza" },
    });
    expect(typedValue({ value: "7" })).toBe("7");
    expect(typedValue({ choice: "a" })).toBe("");
  });

  it("matching sets and clears one pair at a time, in the left items' order", () => {
    let r = withPair(matching, undefined, "l2", "r2");
    r = withPair(matching, r, "l1", "r1");
    expect(r).toEqual({
      pairs: [
        ["l1", "r1"],
        ["l2", "r2"],
      ],
    });
    r = withPair(matching, r, "l1", "r2");
    expect(pairsOf(r).get("l1")).toBe("r2");
    expect(withPair(matching, r, "l1", "")).toEqual({ pairs: [["l2", "r2"]] });
  });

  it("counts an answer as given only when it says something", () => {
    expect(isAnswered(undefined)).toBe(false);
    expect(isAnswered({ choices: [] })).toBe(false);
    expect(isAnswered({ choice: "a" })).toBe(true);
    expect(isAnswered({ value: "0,5" })).toBe(true);
    expect(isAnswered({ pairs: [] })).toBe(false);
    expect(isAnswered({ pairs: [["l1", "r1"]] })).toBe(true);
  });
});
