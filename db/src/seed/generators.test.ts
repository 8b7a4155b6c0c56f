import { describe, expect, it } from "vitest";
import { QUESTIONS } from "./catalogue.ts";
import { generateChemistryQuestions } from "./generators/kimyo.ts";
import { generatePhysicsQuestions } from "./generators/fizika.ts";
import { generateMathQuestions } from "./generators/matematika.ts";
import { buildQuestion, pickWrong, SeedQuestionError, type QuestionDraft } from "./question.ts";

// The tests recompute every generated answer from the stem text alone, with their own parsing and
// their own atomic-mass table, so a generator bug cannot hide behind shared code.

function solveMath(stem: string): string | undefined {
  let m: RegExpMatchArray | null;
  const n = (i: number) => Number(m?.[i]);
  if ((m = stem.match(/^Hisoblang: \$(\d+) \\cdot (\d+) \+ (\d+)\$\.$/))) return String(n(1) * n(2) + n(3));
  if ((m = stem.match(/^(\d+) ning (\d+) foizini toping\.$/))) return String((n(1) * n(2)) / 100);
  if ((m = stem.match(/^Tenglamani yeching: \$(\d+)x \+ (\d+) = (\d+)\$\.$/)))
    return String((n(3) - n(2)) / n(1));
  if ((m = stem.match(/^Hisoblang: \$(\d+)\^\{(\d+)\}\$\.$/))) return String(n(1) ** n(2));
  if ((m = stem.match(/boʻyi (\d+) sm, eni (\d+) sm\. Uning yuzini toping \(\$\\text\{sm\}\^2\$\)/)))
    return String(n(1) * n(2));
  if ((m = stem.match(/boʻyi (\d+) sm, eni (\d+) sm\. Uning perimetrini toping/)))
    return String(2 * (n(1) + n(2)));
  if ((m = stem.match(/katetlari (\d+) sm va (\d+) sm\. Uning gipotenuzasini/))) {
    return String(Math.sqrt(n(1) ** 2 + n(2) ** 2));
  }
  if (
    (m = stem.match(/^Arifmetik progressiyada \$a_1 = (\d+)\$, \$d = (\d+)\$\. \$a_\{(\d+)\}\$ ni toping\.$/))
  ) {
    return String(n(1) + (n(3) - 1) * n(2));
  }
  if ((m = stem.match(/^Hisoblang: \$(\d+)\^2 - (\d+)\^2\$\.$/))) return String(n(1) ** 2 - n(2) ** 2);
  if ((m = stem.match(/^Hisoblang: \$\\frac\{(\d+)\}\{(\d+)\} \+ \\frac\{(\d+)\}\{(\d+)\}\$\.$/))) {
    const [p, q] = [n(1) * n(4) + n(3) * n(2), n(2) * n(4)];
    let [a, b] = [p, q];
    while (b) [a, b] = [b, a % b];
    return q / a === 1 ? `$${p / a}$` : `$\\frac{${p / a}}{${q / a}}$`;
  }
  if ((m = stem.match(/^Hisoblang: \$\\sqrt\{(\d+)\} \+ \\sqrt\{(\d+)\}\$\.$/)))
    return String(Math.sqrt(n(1)) + Math.sqrt(n(2)));
  if ((m = stem.match(/ikki burchagi (\d+)° va (\d+)°\. Uning uchinchi burchagini toping\.$/))) {
    return `${180 - n(1) - n(2)}°`;
  }
  if ((m = stem.match(/^(\d+), (\d+), (\d+) va (\d+) sonlarining oʻrta arifmetigini toping\.$/))) {
    return String((n(1) + n(2) + n(3) + n(4)) / 4);
  }
  return undefined;
}

function solvePhysics(stem: string): string | undefined {
  let m: RegExpMatchArray | null;
  const n = (i: number) => Number(m?.[i]);
  if ((m = stem.match(/(\d+) soatda (\d+) km yoʻl bosdi/))) return `${n(2) / n(1)} km/soat`;
  if ((m = stem.match(/Massasi (\d+) kg boʻlgan jismga (\d+) m\/s² tezlanish/))) return `${n(1) * n(2)} N`;
  if ((m = stem.match(/(\d+) N kuch taʼsirida kuch yoʻnalishi boʻyicha (\d+) m ga/)))
    return `${n(1) * n(2)} J`;
  if ((m = stem.match(/Hajmi (\d+) m³ boʻlgan jismning massasi (\d+) kg/))) return `${n(2) / n(1)} kg/m³`;
  if ((m = stem.match(/Qarshiligi (\d+) Om .* kuchlanish (\d+) V/))) return `${n(2) / n(1)} A`;
  if ((m = stem.match(/Massasi (\d+) kg boʻlgan jism (\d+) m\/s tezlik/)))
    return `${(n(1) * n(2) ** 2) / 2} J`;
  if ((m = stem.match(/Dvigatel (\d+) s da (\d+) J ish/))) return `${n(2) / n(1)} W`;
  if ((m = stem.match(/^(\d+) N kuch (\d+) m² yuzaga/))) return `${n(1) / n(2)} Pa`;
  if ((m = stem.match(/Massasi (\d+) kg boʻlgan jism (\d+) m balandlikka .*g = 10/)))
    return `${n(1) * 10 * n(2)} J`;
  if ((m = stem.match(/(\d+) A tok (\d+) s davomida/))) return `${n(1) * n(2)} C`;
  return undefined;
}

const MASS: Record<string, number> = { H: 1, C: 12, N: 14, O: 16, Na: 23, Al: 27, P: 31, S: 32, Cl: 35.5 };
Object.assign(MASS, { K: 39, Ca: 40, Cr: 52, Mn: 55, Fe: 56, Cu: 64, Mg: 24 });

function parseFormula(f: string): [string, number][] {
  return [...f.matchAll(/([A-Z][a-z]?)(\d*)/g)].map((m) => [m[1] as string, m[2] ? Number(m[2]) : 1]);
}

function solveChemistry(stem: string): string | undefined {
  let m: RegExpMatchArray | null;
  if ((m = stem.match(/\(\$\\ce\{([A-Za-z0-9]+)\}\$\) ning molyar massasini toping\.$/))) {
    const tenths = parseFormula(m[1] ?? "").reduce(
      (s, [el, k]) => s + Math.round((MASS[el] ?? NaN) * 10) * k,
      0,
    );
    return `${String(tenths / 10).replace(".", ",")} g/mol`;
  }
  if ((m = stem.match(/^\$\\ce\{([A-Za-z0-9]+)\}\$ tarkibidagi \S+ oksidlanish darajasini toping\.$/))) {
    const [[, x = NaN] = [], [oxygen, y = NaN] = []] = parseFormula(m[1] ?? "");
    expect(oxygen).toBe("O");
    return `+${(2 * y) / x}`;
  }
  return undefined;
}

function expectSolved(drafts: QuestionDraft[], solve: (stem: string) => string | undefined) {
  for (const d of drafts) {
    const answer = solve(d.stem);
    expect(answer, `no recomputation for "${d.stem}"`).toBeDefined();
    expect(d.correct, d.stem).toBe(answer);
    expect(d.wrong, d.stem).not.toContain(answer);
  }
}

describe("generated questions", () => {
  it("mathematics: every answer recomputed from the stem, all twelve templates present", () => {
    const drafts = generateMathQuestions(40);
    expect(drafts).toHaveLength(40);
    expectSolved(drafts, solveMath);
    expect(new Set(drafts.map((d) => d.stem)).size).toBe(40);
  });

  it("physics: every answer recomputed from the stem", () => {
    const drafts = generatePhysicsQuestions(30);
    expect(drafts).toHaveLength(30);
    expectSolved(drafts, solvePhysics);
  });

  it("chemistry: molar masses and oxidation states recomputed with an independent table", () => {
    const drafts = generateChemistryQuestions();
    expect(drafts.length).toBeGreaterThanOrEqual(20);
    expectSolved(drafts, solveChemistry);
    const ammonia = drafts.find((d) => d.stem.includes("($\\ce{NH3}$)"));
    expect(ammonia?.correct).toBe("17 g/mol");
    const salt = drafts.find((d) => d.stem.includes("($\\ce{NaCl}$)"));
    expect(salt?.correct).toBe("58,5 g/mol");
  });

  it("is deterministic: same seed, same questions; another seed, other numbers", () => {
    expect(generateMathQuestions(40)).toEqual(generateMathQuestions(40));
    expect(generatePhysicsQuestions(30)).toEqual(generatePhysicsQuestions(30));
    expect(generateChemistryQuestions()).toEqual(generateChemistryQuestions());
    expect(generateMathQuestions(10, 1)).not.toEqual(generateMathQuestions(10, 2));
    expectSolved(generateMathQuestions(100, 7), solveMath);
    expectSolved(generatePhysicsQuestions(100, 7), solvePhysics);
  });

  it("refuses a count its templates cannot fill with distinct stems", () => {
    expect(() => generateMathQuestions(1000)).toThrow(SeedQuestionError);
  });

  it("catalogue questions: one right option among four distinct texts, Uzbek Latin stems", () => {
    const keys = new Set<string>();
    for (const q of QUESTIONS) {
      expect(keys.has(q.key), q.key).toBe(false);
      keys.add(q.key);
      expect(q.options.map((o) => o.id)).toEqual(["a", "b", "c", "d"]);
      expect(new Set(q.options.map((o) => o.text)).size).toBe(4);
      expect(["a", "b", "c", "d"]).toContain(q.correct);
      expect(q.stem).toMatch(/\p{Script=Latin}{3,}/u);
      expect(q.stem).not.toMatch(/[\p{Script=Cyrillic}\p{Script=Greek}]/u);
    }
    // The right answer's position is spread, not always "a".
    const positions = new Set(QUESTIONS.map((q) => q.correct));
    expect(positions.size).toBe(4);
  });
});

describe("buildQuestion", () => {
  const draft: QuestionDraft = { stem: "2 + 2 = ?", correct: "4", wrong: ["3", "5", "22"] };

  it("keeps the right answer's text under the id it reports, and the layout depends only on the key", () => {
    const q = buildQuestion("k/1", "matematika", draft);
    expect(q.options.find((o) => o.id === q.correct)?.text).toBe("4");
    expect(buildQuestion("k/1", "matematika", draft)).toEqual(q);
  });

  it("rejects duplicate or empty options and an empty stem", () => {
    expect(() => buildQuestion("k", "matematika", { ...draft, wrong: ["4", "5", "6"] })).toThrow(
      SeedQuestionError,
    );
    expect(() => buildQuestion("k", "matematika", { ...draft, wrong: [" ", "5", "6"] })).toThrow(
      SeedQuestionError,
    );
    expect(() => buildQuestion("k", "matematika", { ...draft, stem: "  " })).toThrow(SeedQuestionError);
  });

  it("pickWrong skips the right answer and repeats, and fails when too few remain", () => {
    expect(pickWrong("4", ["4", "5", "5", "6", "7", "8"])).toEqual(["5", "6", "7"]);
    expect(() => pickWrong("4", ["4", "5", "5", "6"])).toThrow(SeedQuestionError);
  });
});
