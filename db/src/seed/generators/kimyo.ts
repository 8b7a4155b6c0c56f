import { pickWrong, type QuestionDraft } from "../question.ts";
import { mulberry32, shuffled, type Rng } from "../prng.ts";
import { formatTenths } from "../format.ts";

/**
 * Chemistry computed from a small table: molar masses of common compounds and oxidation states
 * in binary oxides. Masses are school-rounded atomic masses held in tenths (Cl = 35,5), so sums stay exact.
 */
export const ATOMIC_MASS_TENTHS: Record<string, number> = {
  H: 10,
  C: 120,
  N: 140,
  O: 160,
  Na: 230,
  Mg: 240,
  Al: 270,
  P: 310,
  S: 320,
  Cl: 355,
  K: 390,
  Ca: 400,
  Cr: 520,
  Mn: 550,
  Fe: 560,
  Cu: 640,
};

type Part = readonly [element: string, count: number];

/** A formula in mhchem markup: `$\\ce{H2SO4}$` (docs/authoring.md, "Formulas"). */
function formula(parts: readonly Part[]): string {
  return `$\\ce{${parts.map(([el, n]) => (n === 1 ? el : `${el}${n}`)).join("")}}$`;
}

export function molarMassTenths(parts: readonly Part[]): number {
  return parts.reduce((sum, [el, n]) => {
    const mass = ATOMIC_MASS_TENTHS[el];
    if (mass === undefined) throw new Error(`no atomic mass for ${el}`);
    return sum + mass * n;
  }, 0);
}

const COMPOUNDS: readonly { name: string; parts: readonly Part[] }[] = [
  {
    name: "Suv",
    parts: [
      ["H", 2],
      ["O", 1],
    ],
  },
  {
    name: "Uglerod(IV) oksid",
    parts: [
      ["C", 1],
      ["O", 2],
    ],
  },
  {
    name: "Natriy xlorid",
    parts: [
      ["Na", 1],
      ["Cl", 1],
    ],
  },
  {
    name: "Sulfat kislota",
    parts: [
      ["H", 2],
      ["S", 1],
      ["O", 4],
    ],
  },
  {
    name: "Vodorod xlorid",
    parts: [
      ["H", 1],
      ["Cl", 1],
    ],
  },
  {
    name: "Natriy gidroksid",
    parts: [
      ["Na", 1],
      ["O", 1],
      ["H", 1],
    ],
  },
  {
    name: "Kalsiy karbonat",
    parts: [
      ["Ca", 1],
      ["C", 1],
      ["O", 3],
    ],
  },
  {
    name: "Ammiak",
    parts: [
      ["N", 1],
      ["H", 3],
    ],
  },
  {
    name: "Metan",
    parts: [
      ["C", 1],
      ["H", 4],
    ],
  },
  {
    name: "Nitrat kislota",
    parts: [
      ["H", 1],
      ["N", 1],
      ["O", 3],
    ],
  },
  {
    name: "Temir(III) oksid",
    parts: [
      ["Fe", 2],
      ["O", 3],
    ],
  },
  {
    name: "Alyuminiy oksid",
    parts: [
      ["Al", 2],
      ["O", 3],
    ],
  },
  {
    name: "Glyukoza",
    parts: [
      ["C", 6],
      ["H", 12],
      ["O", 6],
    ],
  },
  {
    name: "Kaliy xlorid",
    parts: [
      ["K", 1],
      ["Cl", 1],
    ],
  },
  {
    name: "Natriy karbonat",
    parts: [
      ["Na", 2],
      ["C", 1],
      ["O", 3],
    ],
  },
  {
    name: "Fosfat kislota",
    parts: [
      ["H", 3],
      ["P", 1],
      ["O", 4],
    ],
  },
];

/** Binary oxides E_xO_y: the element's oxidation state is 2y/x (oxygen is −2; no peroxides here). */
const OXIDES: readonly { element: string; genitive: string; x: number; y: number }[] = [
  { element: "Na", genitive: "natriyning", x: 2, y: 1 },
  { element: "Ca", genitive: "kalsiyning", x: 1, y: 1 },
  { element: "Al", genitive: "alyuminiyning", x: 2, y: 3 },
  { element: "C", genitive: "uglerodning", x: 1, y: 2 },
  { element: "P", genitive: "fosforning", x: 2, y: 5 },
  { element: "S", genitive: "oltingugurtning", x: 1, y: 3 },
  { element: "Cl", genitive: "xlorning", x: 2, y: 7 },
  { element: "Cu", genitive: "misning", x: 2, y: 1 },
  { element: "Mn", genitive: "marganesning", x: 1, y: 2 },
  { element: "Cr", genitive: "xromning", x: 1, y: 3 },
];

const MASS_SLIPS = [-160, -120, -20, -10, 10, 20, 120, 140, 160, 320];

function molarMassQuestion(c: (typeof COMPOUNDS)[number], rng: Rng): QuestionDraft {
  const m = molarMassTenths(c.parts);
  const text = (tenths: number) => `${formatTenths(tenths)} g/mol`;
  const candidates = shuffled(rng, MASS_SLIPS)
    .map((d) => m + d)
    // Keep slips near the right value: "1 g/mol" for ammonia would fool nobody.
    .filter((v) => v >= m / 2)
    .map(text);
  return {
    stem: `${c.name} (${formula(c.parts)}) ning molyar massasini toping.`,
    correct: text(m),
    wrong: pickWrong(text(m), candidates),
  };
}

function oxidationQuestion(o: (typeof OXIDES)[number], rng: Rng): QuestionDraft {
  const state = (2 * o.y) / o.x;
  const others = shuffled(
    rng,
    [1, 2, 3, 4, 5, 6, 7].filter((s) => s !== state),
  ).map((s) => `+${s}`);
  const f = formula([
    [o.element, o.x],
    ["O", o.y],
  ]);
  return {
    stem: `${f} tarkibidagi ${o.genitive} oksidlanish darajasini toping.`,
    correct: `+${state}`,
    wrong: pickWrong(`+${state}`, others),
  };
}

/** All generated chemistry: molar masses first, then oxidation states. Pure: same seed, same output. */
export function generateChemistryQuestions(seed = 20261127): QuestionDraft[] {
  const rng = mulberry32(seed);
  return [
    ...COMPOUNDS.map((c) => molarMassQuestion(c, rng)),
    ...OXIDES.map((o) => oxidationQuestion(o, rng)),
  ];
}
