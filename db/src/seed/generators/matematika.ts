import { pickWrong, SeedQuestionError, type QuestionDraft } from "../question.ts";
import { mulberry32, pick, randInt, type Rng } from "../prng.ts";

/**
 * Mathematics questions made from seeded random numbers; every answer is computed, never typed.
 * Twelve templates in turn, so any run of twelve consecutive questions covers all of them. Formulas
 * are TeX in the documented markup (`$…$`, docs/authoring.md).
 */
export const MATH_TEMPLATES = 12;

const TRIPLES = [
  [3, 4, 5],
  [5, 12, 13],
  [8, 15, 17],
  [7, 24, 25],
  [20, 21, 29],
] as const;

const str = (values: number[]) => values.map(String);

function template(index: number, rng: Rng): QuestionDraft {
  switch (index) {
    case 0: {
      const a = randInt(rng, 12, 49);
      const b = randInt(rng, 3, 19);
      const c = randInt(rng, 10, 99);
      const ans = a * b + c;
      return {
        stem: `Hisoblang: $${a} \\cdot ${b} + ${c}$.`,
        correct: String(ans),
        // a · (b + c) is the classic order-of-operations slip.
        wrong: pickWrong(String(ans), str([a * (b + c), ans + 10, ans - 10, ans + 1])),
      };
    }
    case 1: {
      const n = 20 * randInt(rng, 3, 30);
      const p = pick(rng, [5, 10, 15, 20, 25, 30, 40, 60, 75]);
      const ans = (n * p) / 100;
      return {
        stem: `${n} ning ${p} foizini toping.`,
        correct: String(ans),
        wrong: pickWrong(String(ans), str([n - ans, ans * 2, ans + 10, ans + 5])),
      };
    }
    case 2: {
      const a = randInt(rng, 2, 9);
      const x = randInt(rng, 2, 20);
      const b = randInt(rng, 1, 50);
      const c = a * x + b;
      const slip = (c + b) % a === 0 ? (c + b) / a : x + 3;
      return {
        stem: `Tenglamani yeching: $${a}x + ${b} = ${c}$.`,
        correct: String(x),
        wrong: pickWrong(String(x), str([slip, x + 1, x - 1, x + 2, x + 4])),
      };
    }
    case 3: {
      const [a, n] = pick(rng, [
        [2, 5],
        [2, 7],
        [2, 9],
        [2, 10],
        [3, 4],
        [3, 5],
        [3, 6],
        [4, 4],
        [4, 5],
        [5, 3],
        [5, 4],
        [6, 3],
        [7, 3],
      ] as const);
      const ans = a ** n;
      return {
        stem: `Hisoblang: $${a}^{${n}}$.`,
        correct: String(ans),
        wrong: pickWrong(String(ans), str([a * n, a ** (n - 1), a ** (n + 1), ans + a, ans - a])),
      };
    }
    case 4: {
      const a = randInt(rng, 6, 25);
      const b = randInt(rng, 3, a - 1);
      const area = a * b;
      const perimeter = 2 * (a + b);
      if (rng() < 0.5) {
        return {
          stem: `Toʻgʻri toʻrtburchakning boʻyi ${a} sm, eni ${b} sm. Uning yuzini toping ($\\text{sm}^2$).`,
          correct: String(area),
          wrong: pickWrong(String(area), str([perimeter, a + b, area + a, area - b, area + 2])),
        };
      }
      return {
        stem: `Toʻgʻri toʻrtburchakning boʻyi ${a} sm, eni ${b} sm. Uning perimetrini toping (sm).`,
        correct: String(perimeter),
        wrong: pickWrong(String(perimeter), str([a + b, area, perimeter + 2, perimeter - 2, perimeter + 4])),
      };
    }
    case 5: {
      const [p, q, r] = pick(rng, TRIPLES);
      const k = randInt(rng, 1, 3);
      const [a, b, c] = [p * k, q * k, r * k];
      return {
        stem: `Toʻgʻri burchakli uchburchakning katetlari ${a} sm va ${b} sm. Uning gipotenuzasini toping (sm).`,
        correct: String(c),
        wrong: pickWrong(String(c), str([a + b, c + 1, c - 1, c + 2])),
      };
    }
    case 6: {
      const a1 = randInt(rng, 1, 20);
      const d = randInt(rng, 2, 9);
      const n = randInt(rng, 6, 15);
      const ans = a1 + (n - 1) * d;
      return {
        stem: `Arifmetik progressiyada $a_1 = ${a1}$, $d = ${d}$. $a_{${n}}$ ni toping.`,
        correct: String(ans),
        // a₁ + n·d and a₁ + (n − 2)·d are the off-by-one slips.
        wrong: pickWrong(String(ans), str([a1 + n * d, a1 + (n - 2) * d, n * d, ans + 1])),
      };
    }
    case 7: {
      const a = randInt(rng, 21, 69);
      const b = a - randInt(rng, 2, 9);
      const ans = a * a - b * b;
      return {
        stem: `Hisoblang: $${a}^2 - ${b}^2$.`,
        correct: String(ans),
        wrong: pickWrong(String(ans), str([(a - b) ** 2, ans + 10, ans - 10, ans + 100])),
      };
    }
    case 8: {
      const a = randInt(rng, 25, 80);
      const b = randInt(rng, 25, 150 - a);
      const ans = 180 - a - b;
      return {
        stem: `Uchburchakning ikki burchagi ${a}° va ${b}°. Uning uchinchi burchagini toping.`,
        correct: `${ans}°`,
        wrong: pickWrong(
          `${ans}°`,
          [ans + 10, ans - 10, 360 - a - b, ans + 20].filter((v) => v > 0).map((v) => `${v}°`),
        ),
      };
    }
    case 9: {
      const mean = randInt(rng, 10, 60);
      const d1 = randInt(rng, 1, 9);
      const d2 = (d1 % 9) + 1; // differs from d1, so the four numbers are not two repeated pairs
      // Four numbers symmetric around the mean, so the mean is an integer by construction.
      const nums = [mean - d1, mean + d2, mean + d1, mean - d2];
      return {
        stem: `${nums.slice(0, 3).join(", ")} va ${nums[3]} sonlarining oʻrta arifmetigini toping.`,
        correct: String(mean),
        wrong: pickWrong(String(mean), str([mean + 1, mean - 1, mean + 2, mean - 2])),
      };
    }
    case 10: {
      const b = randInt(rng, 2, 9);
      const d = pick(
        rng,
        [2, 3, 4, 5, 6, 7, 8, 9].filter((v) => v !== b),
      );
      const a = randInt(rng, 1, b - 1);
      const c = randInt(rng, 1, d - 1);
      const ans = fraction(a * d + c * b, b * d);
      return {
        stem: `Hisoblang: $\\frac{${a}}{${b}} + \\frac{${c}}{${d}}$.`,
        correct: ans,
        // Adding numerators and denominators separately is the classic slip.
        wrong: pickWrong(ans, [
          fraction(a + c, b + d),
          fraction(a + c, b * d),
          fraction(a * d + c * b + 1, b * d),
          fraction(a * c, b * d),
          fraction(a * d + c * b, b * d + 1),
        ]),
      };
    }
    default: {
      const x = randInt(rng, 2, 15);
      const y = randInt(rng, 2, 15);
      const ans = x + y;
      return {
        stem: `Hisoblang: $\\sqrt{${x * x}} + \\sqrt{${y * y}}$.`,
        correct: String(ans),
        wrong: pickWrong(String(ans), str([ans + 1, ans - 1, x * y, ans + 2, ans - 2])),
      };
    }
  }
}

/** `p/q` in lowest terms as TeX: `$\\frac{7}{12}$`, or a whole number. */
export function fraction(p: number, q: number): string {
  const g = gcd(p, q);
  const [n, d] = [p / g, q / g];
  return d === 1 ? `$${n}$` : `$\\frac{${n}}{${d}}$`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? Math.abs(a) : gcd(b, a % b);
}

/** `count` distinct questions; question i uses template i mod 12. Pure: same seed, same output. */
export function generateMathQuestions(count: number, seed = 20261125): QuestionDraft[] {
  const rng = mulberry32(seed);
  const out: QuestionDraft[] = [];
  const stems = new Set<string>();
  // A template has only so many distinct stems (the triangle one has 15): give up rather than spin.
  for (let tries = 0; out.length < count; tries++) {
    if (tries > count * 50) throw new SeedQuestionError(`cannot make ${count} distinct questions`);
    const draft = template(out.length % MATH_TEMPLATES, rng);
    if (stems.has(draft.stem)) continue;
    stems.add(draft.stem);
    out.push(draft);
  }
  return out;
}
