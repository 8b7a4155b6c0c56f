import { zipSync } from "fflate";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { BankItem } from "./types.ts";

/** Helpers of the bank's tests: the sample files, zipped packages, and one item of every kind. */
export const FIXTURES = join(import.meta.dirname, "fixtures");

export const fixture = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));
export const fixtureText = (path: string) => readFileSync(join(FIXTURES, path), "utf8");

/** A fixture folder as a zip archive, paths relative to the folder. */
export function zipFolder(folder: string): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir)) {
      const full = join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else files[`${prefix}${name}`] = new Uint8Array(readFileSync(full));
    }
  };
  walk(join(FIXTURES, folder), "");
  return zipSync(files);
}

/** A 3×2 PNG, enough for the converters (the media store checks real images). */
export const PNG = new Uint8Array(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAMAAAACCAIAAAASFvFNAAAAEElEQVR4nGOQkzsBQQxwFgA5CAYZ5O3E4gAAAABJRU5ErkJggg==",
    "base64",
  ),
);

/**
 * One item of each kind with every field and markup feature the formats carry. Ids follow the
 * readers' own numbering (letters, l1/r1), so a round trip gives the very same items back.
 */
export function sampleItems(options: { images?: boolean } = {}): BankItem[] {
  const images = options.images !== false;
  return [
    {
      kind: "single",
      stem: `Hisoblang: $\\frac{1}{2} + \\frac{1}{3}$ va **natijani** *soddalashtiring*.${images ? "\n\n![Kasrlar diagrammasi](embedded:0)" : ""}`,
      options: [
        { id: "a", text: "$\\frac{5}{6}$" },
        { id: "b", text: "$\\frac{2}{5}$" },
        { id: "c", text: "1" },
      ],
      correct: ["a"],
      explanation: "$$\\frac{1}{2} + \\frac{1}{3} = \\frac{3 + 2}{6}$$\n\nUmumiy maxraj: 6.",
      difficulty: "easy",
      topicPath: ["Algebra", "Kasrlar"],
      ...(images ? { images: [{ bytes: PNG, alt: "Kasrlar diagrammasi", filename: "kasrlar.png" }] } : {}),
    },
    {
      kind: "multiple",
      stem: "Qaysilari tub son?\n\n- faqat natural sonlar\n- 1 tub emas",
      options: [
        { id: "a", text: "2" },
        { id: "b", text: "9" },
        { id: "c", text: "13" },
        { id: "d", text: "-6" },
      ],
      correct: ["a", "c"],
      difficulty: "medium",
      topicPath: ["Algebra", "Sonlar"],
    },
    {
      kind: "numeric",
      stem: "Jadvaldan $x$ ni toping:\n\n| $x$ | $y$ |\n| --- | --- |\n| 1 | 3 |\n| ? | 7 |",
      answer: { value: 3, tolerance: 0.05 },
      explanation: "$y = 2x + 1$",
      difficulty: "hard",
    },
    {
      kind: "short_text",
      stem: "Suvning kimyoviy formulasi: $\\ce{H2O}$. Uni nima deb ataymiz? Narxi \\$5 emas.",
      accepted: ["suv", "water", "вода"],
      topicPath: ["Kimyo"],
    },
    {
      kind: "matching",
      stem: "Shaklni yuza formulasi bilan moslang.",
      left: [
        { id: "l1", text: "Kvadrat" },
        { id: "l2", text: "Doira" },
      ],
      right: [
        { id: "r1", text: "$a^2$" },
        { id: "r2", text: "$\\pi r^2$" },
        { id: "r3", text: "$2\\pi r$" },
      ],
      pairs: [
        ["l1", "r1"],
        ["l2", "r2"],
      ],
      difficulty: "medium",
    },
  ];
}
