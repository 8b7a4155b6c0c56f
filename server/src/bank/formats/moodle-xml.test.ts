import { describe, expect, it } from "vitest";
import { fixture, fixtureText } from "../test-samples.ts";
import { BankFileError, DEFAULT_LIMITS } from "../types.ts";
import { categoryPath, readMoodleXml } from "./moodle-xml.ts";

const PARABOLA = fixtureText("moodle/algebra-export.xml").match(/encoding="base64">([^<]+)</)![1]!;

describe("Moodle XML import of a Moodle 4.x style export", () => {
  const { items, rejected } = readMoodleXml(fixtureText("moodle/algebra-export.xml"), DEFAULT_LIMITS);

  it("reads a single-choice question with TeX, an @@PLUGINFILE@@ image, feedback, tags and its category", () => {
    expect(items[0]).toEqual({
      index: 0,
      name: "Viyet teoremasi",
      item: {
        kind: "single",
        stem: "$x^2 - 5x + 6 = 0$ tenglamaning ildizlari yig'indisini toping.\n\n![y = x² − 5x + 6 parabolasi](embedded:0)",
        options: [
          { id: "a", text: "$-5$" },
          { id: "b", text: "$5$" },
          { id: "c", text: "6" },
          { id: "d", text: "-6" },
        ],
        correct: ["b"],
        explanation: "Viyet teoremasi: $x_1 + x_2 = -\\frac{b}{a} = 5$",
        difficulty: "easy",
        topicPath: ["Algebra", "Kvadrat tenglamalar"],
        images: [
          {
            bytes: new Uint8Array(Buffer.from(PARABOLA, "base64")),
            alt: "y = x² − 5x + 6 parabolasi",
            filename: "parabola graph.png",
          },
        ],
      },
    });
  });

  it("reads a multiple-choice question: positive fractions are correct; scripts are dropped, lists kept", () => {
    expect(items[1]).toEqual({
      index: 1,
      name: "Tub sonlar",
      item: {
        kind: "multiple",
        stem: "Quyidagilardan qaysilari **tub** son?\n\n- Bir nechta javob bo'lishi *mumkin*.",
        options: [
          { id: "a", text: "2" },
          { id: "b", text: "9" },
          { id: "c", text: "13" },
          { id: "d", text: "15" },
        ],
        correct: ["a", "c"],
        topicPath: ["Algebra", "Kvadrat tenglamalar"],
      },
    });
    expect(JSON.stringify(items)).not.toMatch(/alert|<script|<p|<strong/);
  });

  it("reads a numerical question: the first 100 % answer with its tolerance; sup as TeX; display math", () => {
    expect(items[2]).toEqual({
      index: 2,
      name: "Uchburchak yuzi",
      item: {
        kind: "numeric",
        stem: "Asosi 7 sm, balandligi 3 sm bo'lgan uchburchak yuzini toping (sm$^{2}$).",
        answer: { value: 10.5, tolerance: 0.05 },
        explanation: "$$S = \\frac{1}{2} a h$$",
        difficulty: "medium",
        topicPath: ["Geometriya"],
      },
    });
  });

  it("reads a short-answer question: the 100 % answers are accepted, partial ones are not", () => {
    expect(items[3]).toEqual({
      index: 3,
      name: "Poytaxt",
      item: {
        kind: "short_text",
        stem: "O'zbekiston poytaxti qaysi shahar?",
        accepted: ["Toshkent", "Tashkent"],
        topicPath: ["Geometriya"],
      },
    });
  });

  it("reads a matching question: subquestions on the left, answers on the right, an empty one as a distractor", () => {
    expect(items[4]).toEqual({
      index: 4,
      name: "Formulalar",
      item: {
        kind: "matching",
        stem: "Har bir shakl uchun yuza formulasini tanlang.",
        left: [
          { id: "l1", text: "Kvadrat" },
          { id: "l2", text: "Doira" },
          { id: "l3", text: "To'g'ri to'rtburchak" },
        ],
        right: [
          { id: "r1", text: "$a^2$" },
          { id: "r2", text: "$\\pi r^2$" },
          { id: "r3", text: "$ab$" },
          { id: "r4", text: "$2\\pi r$" },
        ],
        pairs: [
          ["l1", "r1"],
          ["l2", "r2"],
          ["l3", "r3"],
        ],
        topicPath: ["Geometriya"],
      },
    });
  });

  it("reads a true/false question as single choice", () => {
    expect(items[5]).toEqual({
      index: 5,
      name: "Juft son",
      item: {
        kind: "single",
        stem: "0 juft son.",
        options: [
          { id: "a", text: "true" },
          { id: "b", text: "false" },
        ],
        correct: ["a"],
        topicPath: ["Geometriya"],
      },
    });
    expect(items).toHaveLength(6);
  });

  it("rejects an essay, a question without a 100 % answer and one whose image is not in the file, each with its reason", () => {
    expect(rejected).toEqual([
      {
        index: 6,
        name: "Isbotlang",
        reason:
          '"essay" questions are not supported (supported: multichoice, truefalse, numerical, shortanswer, matching)',
        code: "unsupported_type",
        params: { type: "essay" },
      },
      { index: 7, name: "Javobsiz savol", reason: "no answer has a fraction of 100 %", code: "no_correct" },
      {
        index: 8,
        name: "Rasm yo'q",
        reason: 'image "/missing.png" is not in the file',
        code: "image_missing",
        params: { image: "/missing.png" },
      },
    ]);
  });
});

const quiz = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n<quiz>${body}</quiz>`;
const mc = (answers: string, extra = "") =>
  `<question type="multichoice"><name><text>Q</text></name><questiontext format="html"><text><![CDATA[<p>Savol</p>]]></text></questiontext>${extra}${answers}</question>`;

describe("Moodle XML: hostile and malformed files", () => {
  const read = (text: string) => readMoodleXml(text, DEFAULT_LIMITS);

  it.each([
    ["plain text", "hello, world", /not well-formed XML/],
    ["a truncated export", fixtureText("moodle/algebra-export.xml").slice(0, 2000), /not well-formed XML/],
    [
      "another XML document",
      '<?xml version="1.0"?><html><body/></html>',
      /not a Moodle XML file: the root element is <html>/,
    ],
    [
      "an entity bomb",
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]><quiz>&lol2;</quiz>',
      /DOCTYPE declarations are not accepted/,
    ],
    [
      "an external entity",
      '<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]><quiz>&x;</quiz>',
      /DOCTYPE/,
    ],
  ])("refuses %s as a whole", (_, text, reason) => {
    expect(() => read(text)).toThrow(BankFileError);
    expect(() => read(text)).toThrow(reason);
  });

  it("refuses a file with more questions than the limit", () => {
    const many = quiz(
      mc('<answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b</text></answer>').repeat(
        3,
      ),
    );
    expect(() => readMoodleXml(many, { ...DEFAULT_LIMITS, maxItems: 2 })).toThrow(/more than 2 questions/);
  });

  it("rejects items whole, each with a readable reason", () => {
    const file = quiz(
      [
        mc(
          '<answer fraction="100"><text>a</text></answer><answer fraction="100"><text>b</text></answer>',
          "<single>true</single>",
        ),
        mc('<answer fraction="100"><text>a</text></answer>'),
        '<question type="numerical"><name><text>N</text></name><questiontext><text>x?</text></questiontext><answer fraction="100"><text>abc</text></answer></question>',
        '<question type="shortanswer"><name><text>S</text></name><questiontext><text>x?</text></questiontext><answer fraction="100"><text>Tosh*</text></answer></question>',
        '<question type="cloze"><name><text>C</text></name><questiontext><text>{1:SA:=x}</text></questiontext></question>',
        '<question type="matching"><name><text>M</text></name><questiontext><text>x?</text></questiontext></question>',
        mc(
          '<answer fraction="100"><text>a</text></answer><answer fraction="0"><text>b</text></answer>',
          '<questiontext format="html"><text><![CDATA[<img src="@@PLUGINFILE@@/a.png" alt="a">]]></text><file name="a.png" path="/" encoding="base64">not base64!</file></questiontext>',
        ).replace('<questiontext format="html"><text><![CDATA[<p>Savol</p>]]></text></questiontext>', ""),
      ].join(""),
    );
    const { items, rejected } = read(file);
    expect(items).toEqual([]);
    expect(rejected.map((r) => r.code)).toEqual([
      "several_correct",
      "invalid",
      "not_a_number",
      "wildcard",
      "unsupported_type",
      "no_pairs",
      "image_invalid",
    ]);
    expect(rejected.map((r) => r.reason)).toEqual([
      "2 answers are worth 100 %; a single-choice question has one",
      "options: Too small: expected array to have >=2 items",
      'the answer "abc" is not a number',
      "answers with the wildcard * are not supported; list each accepted answer",
      '"cloze" questions are not supported (supported: multichoice, truefalse, numerical, shortanswer, matching)',
      "no subquestion to match",
      'image "a.png" is not valid base64',
    ]);
  });

  it("keeps TeX written with [tex] and inside text; escapes what markup would read as formatting", () => {
    const file = quiz(
      mc(
        '<answer fraction="100"><text><![CDATA[<p>[tex]\\sqrt{2}[/tex] va 5 * 3 = 15, narx $5</p>]]></text></answer><answer fraction="0"><text><![CDATA[# sarlavha emas]]></text></answer>',
        "<single>true</single>",
      ),
    );
    const [read0] = read(file).items;
    expect(read0!.item.kind === "single" && read0!.item.options.map((o) => o.text)).toEqual([
      "$\\sqrt{2}$ va 5 \\* 3 = 15, narx \\$5",
      "\\# sarlavha emas",
    ]);
  });

  it("refuses bytes that are not UTF-8 before parsing", async () => {
    const { readBank } = await import("./index.ts");
    expect(() => readBank("moodle-xml", fixture("qti21/items/images/triangle.png"), DEFAULT_LIMITS)).toThrow(
      "the file is not UTF-8 text",
    );
  });
});

describe("Moodle category paths", () => {
  it.each([
    ["$course$/top/Default for Matematika/Algebra/Kvadrat", ["Algebra", "Kvadrat"]],
    ["$system$/top/Fizika", ["Fizika"]],
    ["Kimyo/Organik", ["Kimyo", "Organik"]],
    ["$course$/top/Kasrlar a//b", ["Kasrlar a/b"]],
    ["$course$/top", []],
  ])("%s → %j", (raw, path) => expect(categoryPath(raw)).toEqual(path));
});
