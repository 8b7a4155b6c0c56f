import { describe, expect, it } from "vitest";
import { sampleItems } from "../test-samples.ts";
import { DEFAULT_LIMITS, type BankItem } from "../types.ts";
import { readBank, writeBank, type BankFormat } from "./index.ts";

const FORMATS: BankFormat[] = ["moodle-xml", "qti", "csv", "json"];

/** Export, import, export again: the second file is the first, byte for byte. */
function roundTrip(format: BankFormat, items: BankItem[]) {
  const first = writeBank(format, items);
  const read = readBank(format, first.body, DEFAULT_LIMITS);
  const second = writeBank(
    format,
    read.items.map((r) => r.item),
  );
  return { first, read, second };
}

describe.each(FORMATS)("round trip through %s", (format) => {
  const images = format !== "csv";
  const items = sampleItems({ images });

  it("gives back every item of every kind, field for field, and the same file again", () => {
    const { first, read, second } = roundTrip(format, items);
    expect(read.rejected).toEqual([]);
    expect(read.items.map((r) => r.item)).toEqual(items);
    expect(Buffer.from(second.body).equals(Buffer.from(first.body))).toBe(true);
  });

  it("is stable for a bank that the reader reshapes (ids, duplicates), from the second export on", () => {
    const odd: BankItem[] = [
      {
        kind: "single",
        stem: "Qaysi? <b>HTML emas</b> & 2 < 3",
        options: [
          { id: "opt-1", text: "Bir" },
          { id: "9", text: "Ikki" },
        ],
        correct: ["9"],
      },
      {
        kind: "matching",
        stem: "Moslang",
        left: [
          { id: "x", text: "Bir" },
          { id: "y", text: "Ikki" },
        ],
        right: [
          { id: "p", text: "1" },
          { id: "q", text: "2" },
        ],
        pairs: [
          ["y", "q"],
          ["x", "p"],
        ],
      },
    ];
    const once = roundTrip(format, odd);
    expect(once.read.rejected).toEqual([]);
    const twice = roundTrip(
      format,
      once.read.items.map((r) => r.item),
    );
    expect(Buffer.from(twice.first.body).equals(Buffer.from(once.second.body))).toBe(true);
    expect(Buffer.from(twice.second.body).equals(Buffer.from(twice.first.body))).toBe(true);
    const single = twice.read.items[0]!.item;
    // HTML formats escape what would otherwise be markup; CSV and JSON carry the markup as it is.
    const xml = format === "moodle-xml" || format === "qti";
    expect(single.stem).toBe(xml ? "Qaysi? \\<b\\>HTML emas\\</b\\> \\& 2 \\< 3" : odd[0]!.stem);
    expect(single.kind === "single" && single.options.map((o) => o.text)).toEqual(["Bir", "Ikki"]);
  });
});

describe("export files", () => {
  it("carry the format's content type and extension", () => {
    expect(FORMATS.map((f) => [writeBank(f, []).contentType, writeBank(f, []).extension])).toEqual([
      ["application/xml; charset=utf-8", "xml"],
      ["application/zip", "zip"],
      ["text/csv; charset=utf-8", "csv"],
      ["application/json; charset=utf-8", "json"],
    ]);
  });

  it("a Moodle export is plain Moodle XML: TeX in MathJax delimiters, images as @@PLUGINFILE@@ files", () => {
    const xml = new TextDecoder().decode(writeBank("moodle-xml", sampleItems()).body);
    expect(xml).toContain('<question type="category">');
    expect(xml).toContain("<text>$course$/top/Algebra/Kasrlar</text>");
    expect(xml).toContain("\\(\\frac{1}{2} + \\frac{1}{3}\\)");
    expect(xml).toContain('<img src="@@PLUGINFILE@@/kasrlar.png" alt="Kasrlar diagrammasi">');
    expect(xml).toMatch(/<file name="kasrlar.png" path="\/" encoding="base64">iVBOR/);
    expect(xml).toContain('<answer fraction="50" format="html"><text><![CDATA[<p>2</p>]]></text></answer>');
    expect(xml).toContain('<answer fraction="-100" format="html"><text><![CDATA[<p>9</p>]]></text></answer>');
    expect(xml).toContain("<tags><tag><text>difficulty:hard</text></tag></tags>");
  });

  it("a CSV export guards cells a spreadsheet would run as formulas, and reads them back as written", () => {
    const item: BankItem = {
      kind: "short_text",
      stem: '=HYPERLINK("http://x")',
      accepted: ["+1", "@a", "-2"],
    };
    const csv = new TextDecoder().decode(writeBank("csv", [item]).body);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain("'+1|@a|-2");
    expect(readBank("csv", new TextEncoder().encode(csv), DEFAULT_LIMITS).items[0]!.item).toEqual(item);
  });
});
