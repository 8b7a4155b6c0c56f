import { describe, expect, it } from "vitest";
import { parseCsv, rowsFromCsv, rowsFromFile, rowsFromJson } from "./parse-import.ts";

const MATH = { id: "3f1c2a56-8d7e-4b1a-9c2d-0e5f6a7b8c9d", code: "math" };

describe("parseCsv", () => {
  it("handles quotes, doubled quotes, embedded separators and newlines, CRLF and a BOM", () => {
    const { rows, lines } = parseCsv('\uFEFFstem,a\r\n"x, ""y""",b\r\n"two\nlines",c\n\n');
    expect(rows).toEqual([
      ["stem", "a"],
      ['x, "y"', "b"],
      ["two\nlines", "c"],
    ]);
    expect(lines).toEqual([1, 2, 3]);
  });

  it("picks ; as separator when the header uses it", () => {
    expect(parseCsv("stem;a;b\nq;1,5;2").rows[1]).toEqual(["q", "1,5", "2"]);
  });
});

describe("rowsFromCsv", () => {
  const csv = [
    "subject,kind,stem,a,b,c,d,correct",
    "math,single,2+2?,3,4,5,6,b",
    "math,,Primes?,2,4,5,9,a|c",
    "math,single,Broken,1,2,,,z",
    "history,single,Who?,x,y,,,a",
  ].join("\n");

  it("validates each row with the protocol's questionInput and reports errors per line", () => {
    const rows = rowsFromCsv(csv, [MATH]);
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4, 5]);
    expect(rows[0]!.value).toEqual({
      subjectId: MATH.id,
      kind: "single",
      stem: "2+2?",
      options: [
        { id: "a", text: "3" },
        { id: "b", text: "4" },
        { id: "c", text: "5" },
        { id: "d", text: "6" },
      ],
      correct: ["b"],
    });
    expect(rows[1]!.value?.kind).toBe("multiple");
    expect(rows[1]!.value).toMatchObject({ correct: ["a", "c"] });
    expect(rows[2]!.value).toBeUndefined();
    expect(rows[2]!.errors).toEqual([
      expect.objectContaining({ kind: "schema", path: "correct.0", message: 'no option with id "z"' }),
    ]);
    expect(rows[3]!.errors).toEqual([{ kind: "subjectUnknown", subject: "history" }]);
  });

  it("uses the default subject when the column is missing or empty", () => {
    const rows = rowsFromCsv("stem,a,b,correct\nQ,x,y,a", [], MATH.id);
    expect(rows[0]!.errors).toEqual([]);
    expect(rows[0]!.value?.subjectId).toBe(MATH.id);
    expect(rowsFromCsv("stem,a,b,correct\nQ,x,y,a", [])[0]!.errors).toEqual([{ kind: "subjectMissing" }]);
  });
});

describe("rowsFromJson", () => {
  it("accepts an array or { items }, resolves subject codes, and refuses unknown fields", () => {
    const item = {
      subject: "math",
      kind: "single",
      stem: "Q",
      options: [
        { id: "a", text: "x" },
        { id: "b", text: "y" },
      ],
      correct: ["a"],
    };
    expect(rowsFromJson(JSON.stringify([item]), [MATH])[0]!.value?.subjectId).toBe(MATH.id);
    expect(rowsFromJson(JSON.stringify({ items: [item] }), [MATH])[0]!.errors).toEqual([]);
    const extra = rowsFromJson(JSON.stringify([{ ...item, points: 3 }]), [MATH])[0]!;
    expect(extra.value).toBeUndefined();
    expect(extra.errors.length).toBeGreaterThan(0);
    expect(rowsFromJson("{oops", [MATH])[0]!.errors[0]!.kind).toBe("json");
    expect(rowsFromJson('"text"', [MATH])[0]!.errors).toEqual([{ kind: "jsonShape" }]);
    expect(rowsFromJson("[1]", [MATH])[0]!.errors).toEqual([{ kind: "notObject" }]);
  });

  it("rowsFromFile tells JSON from CSV", () => {
    expect(rowsFromFile("q.txt", "[]", [])).toEqual([]);
    expect(rowsFromFile("q.csv", "stem,a,b,correct\nQ,x,y,b", [], MATH.id)[0]!.value).toMatchObject({
      correct: ["b"],
    });
  });
});
