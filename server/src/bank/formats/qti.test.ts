import { strToU8, zipSync } from "fflate";
import { describe, expect, it } from "vitest";
import { fixture, zipFolder } from "../test-samples.ts";
import { BankFileError, DEFAULT_LIMITS, type BankLimits } from "../types.ts";
import { readQtiPackage } from "./qti.ts";

const TRIANGLE = fixture("qti21/items/images/triangle.png");

describe("QTI 2.1 package import", () => {
  const { items, rejected } = readQtiPackage(zipFolder("qti21"), DEFAULT_LIMITS);

  it("reads a single choice with TeX, an image from the package, a modal feedback and LOM metadata", () => {
    expect(items[0]).toEqual({
      index: 0,
      name: "Tezlik",
      item: {
        kind: "single",
        stem:
          "Jism $t = 4$ s da $s = 20$ m yo'l bosdi. Uning o'rtacha **tezligi** qancha?\n\n" +
          "![Yo'l-vaqt grafigi](embedded:0)\n\nBitta javobni tanlang.",
        options: [
          { id: "ChoiceA", text: "4 m/s" },
          { id: "ChoiceB", text: "5 m/s" },
          { id: "ChoiceC", text: "80 m/s" },
        ],
        correct: ["ChoiceB"],
        explanation: "$$v = \\frac{s}{t}$$",
        difficulty: "easy",
        topicPath: ["Mexanika", "Kinematika"],
        images: [{ bytes: TRIANGLE, alt: "Yo'l-vaqt grafigi", filename: "triangle.png" }],
      },
    });
  });

  it("reads a multiple choice keyed by its mapping (positive entries are correct)", () => {
    expect(items[1]).toEqual({
      index: 1,
      name: "Skalyar kattaliklar",
      item: {
        kind: "multiple",
        stem: "Quyidagilardan qaysilari *skalyar* kattalik?\n\n- massa — kg\n- kuch — N",
        options: [
          { id: "M", text: "Massa" },
          { id: "F", text: "Kuch" },
          { id: "T", text: "Vaqt" },
        ],
        correct: ["M", "T"],
      },
    });
  });

  it("reads a float text entry as numeric, a relative tolerance made absolute", () => {
    expect(items[2]).toEqual({
      index: 2,
      name: "Erkin tushish",
      item: {
        kind: "numeric",
        stem: "Jism 2 s erkin tushdi ($g = 9.8$ m/s$^{2}$). Oxirgi tezligi necha m/s? \\_\\_\\_\\_",
        answer: { value: 19.6, tolerance: 0.196 },
        difficulty: "hard",
      },
    });
  });

  it("reads a string text entry as short text: the correct response and the positively mapped keys", () => {
    expect(items[3]).toEqual({
      index: 3,
      name: "Birlik",
      item: {
        kind: "short_text",
        stem: "Kuchning SI dagi birligi: \\_\\_\\_\\_.",
        accepted: ["Nyuton", "N"],
      },
    });
  });

  it("reads a match interaction as matching, an unmatched right-hand choice kept as a distractor", () => {
    expect(items[4]).toEqual({
      index: 4,
      name: "Kattalik va birlik",
      item: {
        kind: "matching",
        stem: "Har bir kattalikka uning birligini moslang.",
        left: [
          { id: "F", text: "Kuch" },
          { id: "E", text: "Energiya" },
          { id: "P", text: "Quvvat" },
        ],
        right: [
          { id: "N", text: "Nyuton" },
          { id: "J", text: "Joul" },
          { id: "W", text: "Vatt" },
          { id: "Pa", text: "Paskal" },
        ],
        pairs: [
          ["F", "N"],
          ["E", "J"],
          ["P", "W"],
        ],
      },
    });
  });

  it("reads an associate interaction as matching: choices that start a correct pair are the left side", () => {
    expect(items[5]).toEqual({
      index: 5,
      name: "Juftlar",
      item: {
        kind: "matching",
        stem: "Formulani nomi bilan juftlang.",
        left: [
          { id: "H2O", text: "$\\ce{H2O}$" },
          { id: "NaCl", text: "$\\ce{NaCl}$" },
        ],
        right: [
          { id: "suv", text: "Suv" },
          { id: "tuz", text: "Osh tuzi" },
          { id: "shakar", text: "Shakar" },
        ],
        pairs: [
          ["H2O", "suv"],
          ["NaCl", "tuz"],
        ],
      },
    });
    expect(items).toHaveLength(6);
  });

  it("rejects an unsupported interaction and an item without a correct response; ignores non-item resources", () => {
    expect(rejected).toEqual([
      {
        index: 6,
        name: "Insho",
        reason:
          "extendedTextInteraction is not supported (supported: choiceInteraction, textEntryInteraction, matchInteraction, associateInteraction)",
        code: "unsupported_type",
        params: { type: "extendedTextInteraction" },
      },
      { index: 7, name: "Kalitsiz", reason: "the item has no correct response", code: "no_correct" },
    ]);
  });
});

describe("QTI 3.0 package import", () => {
  const { items, rejected } = readQtiPackage(zipFolder("qti30"), DEFAULT_LIMITS);

  it("reads qti- elements and kebab-case attributes like their 2.1 names", () => {
    expect(items).toEqual([
      {
        index: 0,
        name: "Yonish reaksiyasi",
        item: {
          kind: "single",
          stem: "Reaksiya tenglamasini tenglashtiring: $\\ce{H2 + O2 -> H2O}$\n\n![Molekulalar modeli](embedded:0)",
          options: [
            { id: "c1", text: "$\\ce{H2 + O2 -> H2O2}$" },
            { id: "c2", text: "$\\ce{2H2 + O2 -> 2H2O}$" },
            { id: "c3", text: "$\\ce{H2 + 2O2 -> 2H2O}$" },
          ],
          correct: ["c2"],
          images: [{ bytes: TRIANGLE, alt: "Molekulalar modeli", filename: "triangle.png" }],
        },
      },
      {
        index: 1,
        name: "Molyar massa",
        item: {
          kind: "numeric",
          stem: "Suvning molyar massasi (g/mol):",
          answer: { value: 18, tolerance: 0.5 },
        },
      },
      {
        index: 2,
        name: "Elementlar",
        item: {
          kind: "matching",
          stem: "Belgini element nomiga moslang.",
          left: [
            { id: "Na", text: "Na" },
            { id: "K", text: "K" },
          ],
          right: [
            { id: "natriy", text: "Natriy" },
            { id: "kaliy", text: "Kaliy" },
            { id: "kalsiy", text: "Kalsiy" },
          ],
          pairs: [
            ["Na", "natriy"],
            ["K", "kaliy"],
          ],
        },
      },
    ]);
    expect(rejected).toEqual([
      {
        index: 3,
        name: "Tartib",
        reason:
          "orderInteraction is not supported (supported: choiceInteraction, textEntryInteraction, matchInteraction, associateInteraction)",
        code: "unsupported_type",
        params: { type: "orderInteraction" },
      },
    ]);
  });
});

const MANIFEST = (items: string[]) =>
  `<?xml version="1.0"?><manifest xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"><resources>${items
    .map(
      (href, i) =>
        `<resource identifier="r${i}" type="imsqti_item_xmlv2p1" href="${href}"><file href="${href}"/></resource>`,
    )
    .join("")}</resources></manifest>`;
const CHOICE = (body = "<p>Savol?</p>") =>
  `<?xml version="1.0"?><assessmentItem xmlns="http://www.imsglobal.org/xsd/imsqti_v2p1" identifier="x" title="X"><responseDeclaration identifier="RESPONSE" cardinality="single" baseType="identifier"><correctResponse><value>A</value></correctResponse></responseDeclaration><itemBody>${body}<choiceInteraction responseIdentifier="RESPONSE" maxChoices="1"><simpleChoice identifier="A">Ha</simpleChoice><simpleChoice identifier="B">Yo'q</simpleChoice></choiceInteraction></itemBody></assessmentItem>`;
const SMALL: BankLimits = {
  maxEntryBytes: 64 * 1024,
  maxTotalBytes: 128 * 1024,
  maxEntries: 10,
  maxItems: 6,
};

/** A zip whose directory says `declared` bytes for `name` while the entry inflates to more. */
function lyingZip(name: string, content: Uint8Array, declared: number): Uint8Array {
  const zip = zipSync({ "imsmanifest.xml": strToU8(MANIFEST([name])), [name]: content });
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let i = 0; i < zip.length - 4; i++) {
    const sig = view.getUint32(i, true);
    const nameAt = sig === 0x04034b50 ? i + 30 : sig === 0x02014b50 ? i + 46 : -1;
    if (nameAt < 0) continue;
    const length = view.getUint16(i + (sig === 0x04034b50 ? 26 : 28), true);
    if (new TextDecoder().decode(zip.subarray(nameAt, nameAt + length)) === name) {
      view.setUint32(i + (sig === 0x04034b50 ? 22 : 24), declared, true);
    }
  }
  return zip;
}

describe("QTI: hostile and malformed packages", () => {
  it.each([
    ["bytes that are not a zip", strToU8("hello"), /not a readable zip archive/],
    [
      "a zip without imsmanifest.xml",
      zipSync({ "item.xml": strToU8(CHOICE()) }),
      /imsmanifest.xml is missing/,
    ],
    [
      "a manifest listing no items",
      zipSync({
        "imsmanifest.xml": strToU8(
          '<manifest><resources><resource type="webcontent" href="a.html"/></resources></manifest>',
        ),
      }),
      /lists no QTI 2.1 or 3.0 items/,
    ],
    [
      "a manifest that is not XML",
      zipSync({ "imsmanifest.xml": strToU8("<manifest><resources>") }),
      /not well-formed XML/,
    ],
  ])("refuses %s", (_, bytes, reason) => {
    expect(() => readQtiPackage(bytes, SMALL)).toThrow(BankFileError);
    expect(() => readQtiPackage(bytes, SMALL)).toThrow(reason);
  });

  it("refuses a zip bomb by its declared size, before inflating it", () => {
    const bomb = zipSync({
      "imsmanifest.xml": strToU8(MANIFEST(["a.xml"])),
      "a.xml": new Uint8Array(1024 * 1024),
    });
    expect(bomb.length).toBeLessThan(4096);
    const err = (() => {
      try {
        readQtiPackage(bomb, SMALL);
      } catch (e) {
        return e as BankFileError;
      }
    })();
    expect(err).toBeInstanceOf(BankFileError);
    expect(err!.tooLarge).toBe(true);
    expect(err!.message).toBe('"a.xml" is 1.0 MiB uncompressed, over the limit of 0.1 MiB');
  });

  it("refuses an archive whose entries add up past the total, or with too many entries", () => {
    const files: Record<string, Uint8Array> = { "imsmanifest.xml": strToU8(MANIFEST(["a.xml"])) };
    for (let i = 0; i < 3; i++) files[`big${i}.bin`] = new Uint8Array(60 * 1024);
    expect(() => readQtiPackage(zipSync(files), SMALL)).toThrow(
      "the archive holds more than 0.1 MiB uncompressed",
    );
    const many: Record<string, Uint8Array> = {};
    for (let i = 0; i < 11; i++) many[`f${i}.txt`] = strToU8("x");
    expect(() => readQtiPackage(zipSync(many), SMALL)).toThrow("the archive has more than 10 files");
  });

  it("an entry that lies about its size cannot grow past it: the item is rejected, nothing else happens", () => {
    const big = strToU8(CHOICE(`<p>${"x".repeat(200_000)}</p>`));
    const { items, rejected } = readQtiPackage(lyingZip("a.xml", big, 1000), SMALL);
    expect(items).toEqual([]);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.reason).toMatch(/not well-formed XML/);
    expect(rejected[0]!.code).toBe("item_file");
  });

  it("rejects items whose files are missing, climb out of the package, or are not items", () => {
    const bytes = zipSync({
      "imsmanifest.xml": strToU8(
        MANIFEST(["missing.xml", "../../etc/passwd", "not-item.xml", "ok.xml", "img.xml", "mathml.xml"]),
      ),
      "not-item.xml": strToU8("<html/>"),
      "ok.xml": strToU8(CHOICE()),
      "img.xml": strToU8(CHOICE('<p><img src="../outside.png" alt="x"/></p>')),
      "mathml.xml": strToU8(
        CHOICE('<p><math xmlns="http://www.w3.org/1998/Math/MathML"><mi>x</mi></math></p>'),
      ),
    });
    const { items, rejected } = readQtiPackage(bytes, SMALL);
    expect(items.map((i) => i.index)).toEqual([3]);
    expect(rejected).toEqual([
      {
        index: 0,
        name: "r0",
        reason: '"missing.xml" is not in the package',
        code: "item_file",
        params: { file: "missing.xml" },
      },
      {
        index: 1,
        name: "r1",
        reason: '"../../etc/passwd" is not in the package',
        code: "item_file",
        params: { file: "../../etc/passwd" },
      },
      {
        index: 2,
        name: "r2",
        reason: '"not-item.xml" is not a QTI assessment item (<html>)',
        code: "item_file",
        params: { file: "not-item.xml" },
      },
      {
        index: 4,
        name: "X",
        reason: 'image "../outside.png" is not in the file',
        code: "image_missing",
        params: { image: "../outside.png" },
      },
      { index: 5, name: "X", reason: "MathML formulas are not supported; write them as TeX", code: "mathml" },
    ]);
  });
});
