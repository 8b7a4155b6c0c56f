import { describe, expect, test } from "vitest";
import { toCsv } from "./csv.ts";

describe("toCsv", () => {
  test("a BOM, CRLF lines, and a final line break", () => {
    expect(toCsv(["a", "b"], [[1, "x"]])).toBe("\uFEFFa,b\r\n1,x\r\n");
  });

  test("quotes what must be quoted and doubles quotes inside", () => {
    const csv = toCsv(["v"], [["a,b"], ['say "hi"'], ["two\nlines"], ["cr\rhere"], [" padded "], ["plain"]]);
    expect(csv.slice(1).split("\r\n")).toEqual([
      "v",
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      '"cr\rhere"',
      '" padded "',
      "plain",
      "",
    ]);
  });

  test("text a spreadsheet would run as a formula is prefixed with an apostrophe", () => {
    const cells = ["=1+1", "+998901234567", "-2+3", "@SUM(A1)", "\t=cmd", '=HYPERLINK("http://x","y")'];
    expect(
      toCsv(
        ["v"],
        cells.map((c) => [c]),
      )
        .slice(1)
        .split("\r\n")
        .slice(1, -1),
    ).toEqual([
      "'=1+1",
      "'+998901234567",
      "'-2+3",
      "'@SUM(A1)",
      "'\t=cmd",
      `"'=HYPERLINK(""http://x"",""y"")"`,
    ]);
  });

  test("numbers, booleans and empties are written as they are; Cyrillic and Uzbek letters untouched", () => {
    expect(toCsv(["n", "b", "e", "u", "t"], [[-5, true, null, undefined, "Oʻzbekiston, Тошкент"]])).toBe(
      '\uFEFFn,b,e,u,t\r\n-5,true,,,"Oʻzbekiston, Тошкент"\r\n',
    );
  });
});
