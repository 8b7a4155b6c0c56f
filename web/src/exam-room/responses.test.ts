import type { QuestionView } from "@imtihon/client-sdk/protocol";
import { describe, expect, it } from "vitest";
import { chosenIds, nextResponse } from "./responses.ts";

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
