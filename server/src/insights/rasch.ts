/**
 * The dichotomous Rasch model, P(right) = 1 / (1 + exp(b − θ)), estimated by joint maximum
 * likelihood (JML, as in Wright & Stone's UCON and Winsteps) with the (L − 1)/L bias correction of
 * the item difficulties, L being the number of items estimated. Why JML and not CML:
 * docs/insights.md, "Certificate scaling (Rasch)".
 *
 * Our data are complete (an unanswered question is scored wrong, as the exam scores it), so every
 * person with the same raw score has the same ability: the iterations work on raw-score groups and
 * cost O(L²) each whatever the number of takers. Only the fit statistics read the whole matrix once.
 */

export class RaschError extends Error {
  override name = "RaschError";
}

export interface RaschOptions {
  /** Largest change (logits) between two iterations at which the estimates count as converged. */
  tolerance?: number;
  maxIterations?: number;
  /**
   * Raw-score adjustment for extreme scores (everything right or wrong), whose maximum-likelihood
   * estimate is infinite: they are measured as if they had scored this much less (or more); 0.3 is
   * Winsteps' default (EXTRSC).
   */
  extremeAdjustment?: number;
}

export interface RaschItem {
  /** Logits, the estimated items centred at 0; for an extreme item from the adjusted score. */
  difficulty: number;
  se: number | null;
  /** Information-weighted mean square of the standardised residuals; null for an extreme item. */
  infit: number | null;
  /** Unweighted mean square of the standardised residuals; null for an extreme item. */
  outfit: number | null;
  extreme: "all_right" | "all_wrong" | null;
}

export interface RaschPerson {
  /** Right answers among the items that were estimated (extreme items left out). */
  raw: number;
  ability: number;
  se: number;
  extreme: "min" | "max" | null;
}

export interface RaschResult {
  items: RaschItem[];
  persons: RaschPerson[];
  /** Item difficulties before the (L − 1)/L correction (the plain JML solution), null for extreme items. */
  uncorrected: (number | null)[];
  /** Number of items estimated (not extreme). */
  estimatedItems: number;
  iterations: number;
  converged: boolean;
}

const prob = (theta: number, b: number) => 1 / (1 + Math.exp(b - theta));
const clamp = (x: number, limit: number) => Math.max(-limit, Math.min(limit, x));

/**
 * Estimates item difficulties and person abilities from a persons × items matrix of 0/1 responses
 * (row-major: `responses[n * items + i]`). Throws RaschError when fewer than two items vary.
 */
export function estimateRasch(
  responses: Uint8Array,
  persons: number,
  items: number,
  options: RaschOptions = {},
): RaschResult {
  const tolerance = options.tolerance ?? 1e-6;
  const maxIterations = options.maxIterations ?? 500;
  const adjust = options.extremeAdjustment ?? 0.3;
  if (responses.length !== persons * items) throw new RaschError("responses must be persons × items");

  // Extreme items and persons, removed until none is left: dropping an item can make a person extreme.
  const itemActive = new Uint8Array(items).fill(1);
  const personActive = new Uint8Array(persons).fill(1);
  const raw = new Int32Array(persons);
  const itemScore = new Int32Array(items);
  for (;;) {
    let activeItems = 0;
    for (let i = 0; i < items; i++) activeItems += itemActive[i]!;
    raw.fill(0);
    itemScore.fill(0);
    let activePersons = 0;
    for (let n = 0; n < persons; n++) {
      let r = 0;
      const row = n * items;
      for (let i = 0; i < items; i++) if (itemActive[i] && responses[row + i]) r++;
      raw[n] = r;
      personActive[n] = r > 0 && r < activeItems ? 1 : 0;
      if (personActive[n]) {
        activePersons++;
        for (let i = 0; i < items; i++) if (responses[row + i]) itemScore[i]!++;
      }
    }
    let changed = false;
    for (let i = 0; i < items; i++) {
      if (itemActive[i] && (itemScore[i] === 0 || itemScore[i] === activePersons)) {
        itemActive[i] = 0;
        changed = true;
      }
    }
    if (!changed) break;
  }
  const active: number[] = [];
  for (let i = 0; i < items; i++) if (itemActive[i]) active.push(i);
  const L = active.length;
  if (L < 2) throw new RaschError("fewer than two items have both right and wrong answers");

  // Raw-score groups of the non-extreme persons: count[r] for r = 1 .. L − 1.
  const count = new Float64Array(L + 1);
  for (let n = 0; n < persons; n++) if (personActive[n]) count[raw[n]!]!++;
  const s = active.map((i) => itemScore[i]!);
  const N = count.reduce((a, c) => a + c, 0);

  // Starting values (PROX-like): log-odds of the item's failures, log-odds of the raw score.
  const b = s.map((si) => Math.log((N - si) / si));
  centre(b);
  const theta = new Float64Array(L + 1);
  for (let r = 1; r < L; r++) theta[r] = Math.log(r / (L - r));

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    iterations++;
    let change = 0;
    for (let r = 1; r < L; r++) {
      if (!count[r]) continue;
      let expected = 0;
      let info = 0;
      for (const bi of b) {
        const p = prob(theta[r]!, bi);
        expected += p;
        info += p * (1 - p);
      }
      const step = clamp((r - expected) / info, 1);
      theta[r]! += step;
      change = Math.max(change, Math.abs(step));
    }
    for (let k = 0; k < L; k++) {
      let expected = 0;
      let info = 0;
      for (let r = 1; r < L; r++) {
        if (!count[r]) continue;
        const p = prob(theta[r]!, b[k]!);
        expected += count[r]! * p;
        info += count[r]! * p * (1 - p);
      }
      const step = clamp((s[k]! - expected) / info, 1);
      b[k]! -= step;
      change = Math.max(change, Math.abs(step));
    }
    centre(b);
    if (change < tolerance) {
      converged = true;
      break;
    }
  }

  const uncorrectedActive = [...b];
  const factor = (L - 1) / L;
  for (let k = 0; k < L; k++) b[k]! *= factor;

  // Abilities for every raw score 0 .. L against the corrected difficulties; extremes adjusted.
  const ability = new Float64Array(L + 1);
  const abilitySe = new Float64Array(L + 1);
  for (let r = 0; r <= L; r++) {
    const target = r === 0 ? adjust : r === L ? L - adjust : r;
    const [t, info] = solveAbility(b, target, Math.log(target / (L - target)), tolerance);
    ability[r] = t;
    abilitySe[r] = 1 / Math.sqrt(info);
  }

  // Probabilities by raw-score group, then one pass over the matrix for the fit statistics.
  const p = new Float64Array((L + 1) * L);
  for (let r = 1; r < L; r++) for (let k = 0; k < L; k++) p[r * L + k] = prob(ability[r]!, b[k]!);
  const sq = new Float64Array(L);
  const zsq = new Float64Array(L);
  for (let n = 0; n < persons; n++) {
    if (!personActive[n]) continue;
    const r = raw[n]!;
    const row = n * items;
    for (let k = 0; k < L; k++) {
      const pk = p[r * L + k]!;
      const residual = responses[row + active[k]!]! - pk;
      sq[k]! += residual * residual;
      zsq[k]! += (residual * residual) / (pk * (1 - pk));
    }
  }

  const result: RaschItem[] = new Array<RaschItem>(items);
  const uncorrected: (number | null)[] = new Array<number | null>(items).fill(null);
  active.forEach((i, k) => {
    let info = 0;
    for (let r = 1; r < L; r++) {
      const pk = p[r * L + k]!;
      info += count[r]! * pk * (1 - pk);
    }
    uncorrected[i] = uncorrectedActive[k]!;
    result[i] = {
      difficulty: b[k]!,
      se: 1 / Math.sqrt(info),
      infit: sq[k]! / info,
      outfit: zsq[k]! / N,
      extreme: null,
    };
  });
  // An extreme item, measured from its adjusted score against the non-extreme persons.
  for (let i = 0; i < items; i++) {
    if (itemActive[i]) continue;
    let right = 0;
    let seen = 0;
    for (let n = 0; n < persons; n++) {
      if (!personActive[n]) continue;
      seen++;
      right += responses[n * items + i]!;
    }
    const allRight = right === seen;
    const target = allRight ? N - adjust : adjust;
    result[i] = {
      difficulty: solveDifficulty(ability, count, L, target, tolerance),
      se: null,
      infit: null,
      outfit: null,
      extreme: allRight ? "all_right" : "all_wrong",
    };
  }

  const people: RaschPerson[] = new Array<RaschPerson>(persons);
  for (let n = 0; n < persons; n++) {
    const r = raw[n]!;
    people[n] = {
      raw: r,
      ability: ability[r]!,
      se: abilitySe[r]!,
      extreme: r === 0 ? "min" : r === L ? "max" : null,
    };
  }
  return { items: result, persons: people, uncorrected, estimatedItems: L, iterations, converged };
}

function centre(values: number[]): void {
  const mean = values.reduce((a, v) => a + v, 0) / values.length;
  for (let k = 0; k < values.length; k++) values[k]! -= mean;
}

/** θ with Σ P(θ, b) = target, by Newton's method with steps of at most one logit; and its information. */
function solveAbility(b: number[], target: number, start: number, tolerance: number): [number, number] {
  let theta = start;
  let info = 0;
  for (let it = 0; it < 200; it++) {
    let expected = 0;
    info = 0;
    for (const bi of b) {
      const p = prob(theta, bi);
      expected += p;
      info += p * (1 - p);
    }
    const step = clamp((target - expected) / info, 1);
    theta += step;
    if (Math.abs(step) < tolerance) break;
  }
  return [theta, info];
}

/** b with Σ_r count[r] P(θ_r, b) = target over the non-extreme score groups. */
function solveDifficulty(
  ability: Float64Array,
  count: Float64Array,
  L: number,
  target: number,
  tolerance: number,
): number {
  let b = 0;
  for (let it = 0; it < 200; it++) {
    let expected = 0;
    let info = 0;
    for (let r = 1; r < L; r++) {
      if (!count[r]) continue;
      const p = prob(ability[r]!, b);
      expected += count[r]! * p;
      info += count[r]! * p * (1 - p);
    }
    if (info === 0) return b;
    const step = clamp((target - expected) / info, 1);
    b -= step;
    if (Math.abs(step) < tolerance) break;
  }
  return b;
}
