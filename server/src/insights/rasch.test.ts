import { describe, expect, it } from "vitest";
import { certificateGrade, scaleAbility } from "./certificate-scale.ts";
import { estimateRasch, RaschError } from "./rasch.ts";

/** mulberry32: a small seeded generator, so every simulated data set is the same on every run. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function normal(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

function matrix(rows: number[][]): { data: Uint8Array; persons: number; items: number } {
  const items = rows[0]!.length;
  return { data: Uint8Array.from(rows.flat()), persons: rows.length, items };
}

function simulate(persons: number, abilities: number[], difficulties: number[], seed: number) {
  const rand = rng(seed);
  const L = difficulties.length;
  const data = new Uint8Array(persons * L);
  for (let n = 0; n < persons; n++)
    for (let i = 0; i < L; i++)
      data[n * L + i] = rand() < 1 / (1 + Math.exp(difficulties[i]! - abilities[n]!)) ? 1 : 0;
  return data;
}

describe("Rasch JML: worked example with two items (Andersen 1973)", () => {
  // With two items only the persons with one right answer inform the difficulties. JML's solution
  // is then exactly b2 − b1 = 2·ln(n10/n01), twice the consistent (conditional ML) value
  // ln(n10/n01): the (L − 1)/L = 1/2 correction makes them equal, so the corrected estimate must
  // match ln(n10/n01) to the convergence tolerance. Here n10 = 30 (item 1 only), n01 = 10.
  const rows = [
    ...Array.from({ length: 30 }, () => [1, 0]),
    ...Array.from({ length: 10 }, () => [0, 1]),
    ...Array.from({ length: 7 }, () => [1, 1]),
    ...Array.from({ length: 3 }, () => [0, 0]),
  ];
  const { data, persons, items } = matrix(rows);
  const r = estimateRasch(data, persons, items, { tolerance: 1e-10 });

  it("matches the conditional ML difference ln(n10/n01) within 1e-6 logits", () => {
    expect(r.converged).toBe(true);
    const d = r.items[1]!.difficulty - r.items[0]!.difficulty;
    expect(Math.abs(d - Math.log(30 / 10))).toBeLessThan(1e-6);
    const u = r.uncorrected[1]! - r.uncorrected[0]!;
    expect(Math.abs(u - 2 * Math.log(30 / 10))).toBeLessThan(1e-6);
    // Centred: b1 = −b2.
    expect(Math.abs(r.items[0]!.difficulty + r.items[1]!.difficulty)).toBeLessThan(1e-9);
  });

  it("measures all-wrong and all-right persons from the adjusted scores 0.3 and L − 0.3", () => {
    const [b1, b2] = [r.items[0]!.difficulty, r.items[1]!.difficulty];
    const expected = (theta: number) => 1 / (1 + Math.exp(b1 - theta)) + 1 / (1 + Math.exp(b2 - theta));
    const min = r.persons.find((p) => p.extreme === "min")!;
    const max = r.persons.find((p) => p.extreme === "max")!;
    expect(min.raw).toBe(0);
    expect(max.raw).toBe(2);
    expect(Math.abs(expected(min.ability) - 0.3)).toBeLessThan(1e-6);
    expect(Math.abs(expected(max.ability) - 1.7)).toBeLessThan(1e-6);
    const middle = r.persons.find((p) => p.raw === 1)!;
    expect(min.ability).toBeLessThan(middle.ability);
    expect(max.ability).toBeGreaterThan(middle.ability);
    expect(Number.isFinite(min.se) && Number.isFinite(max.se)).toBe(true);
  });
});

describe("Rasch JML: the estimating equations", () => {
  it("the uncorrected solution reproduces every item's observed score (score equations, 1e-6)", () => {
    const L = 12;
    const truth = Array.from({ length: L }, (_, i) => -2 + (4 * i) / (L - 1));
    const rand = rng(7);
    const abilities = Array.from({ length: 400 }, () => normal(rand));
    const data = simulate(400, abilities, truth, 8);
    const r = estimateRasch(data, 400, L, { tolerance: 1e-10 });
    expect(r.converged).toBe(true);
    expect(r.estimatedItems).toBe(L);
    const b = r.uncorrected.map((x) => x!);
    // Abilities solving the JML person equations against the uncorrected difficulties.
    const thetaFor = (raw: number) => {
      let t = Math.log(raw / (L - raw));
      for (let k = 0; k < 100; k++) {
        let e = 0;
        let v = 0;
        for (const bi of b) {
          const p = 1 / (1 + Math.exp(bi - t));
          e += p;
          v += p * (1 - p);
        }
        t += (raw - e) / v;
      }
      return t;
    };
    for (let i = 0; i < L; i++) {
      let observed = 0;
      let expected = 0;
      for (let n = 0; n < 400; n++) {
        const raw = r.persons[n]!.raw;
        if (raw === 0 || raw === L) continue;
        observed += data[n * L + i]!;
        expected += 1 / (1 + Math.exp(b[i]! - thetaFor(raw)));
      }
      expect(Math.abs(observed - expected)).toBeLessThan(1e-6);
    }
  });
});

/**
 * Conditional ML by the textbook fixed point over elementary symmetric functions (a reference for
 * the test only): ε_i ← s_i / Σ_r n_r γ_{r−1}(ε without i) / γ_r(ε), b = −ln ε, centred.
 */
function cml(data: Uint8Array, persons: number, L: number): number[] {
  const n = new Float64Array(L + 1);
  const s = new Float64Array(L);
  for (let p = 0; p < persons; p++) {
    let r = 0;
    for (let i = 0; i < L; i++) r += data[p * L + i]!;
    if (r === 0 || r === L) continue;
    n[r]!++;
    for (let i = 0; i < L; i++) s[i]! += data[p * L + i]!;
  }
  const esf = (eps: number[]) => {
    const g = new Float64Array(eps.length + 1);
    g[0] = 1;
    for (const e of eps) for (let r = eps.length; r >= 1; r--) g[r]! += e * g[r - 1]!;
    return g;
  };
  let eps = Array.from({ length: L }, () => 1);
  for (let it = 0; it < 2000; it++) {
    const g = esf(eps);
    const raw = eps.map((_, i) => {
      const gi = esf(eps.filter((_, j) => j !== i));
      let denom = 0;
      for (let r = 1; r < L; r++) denom += (n[r]! * gi[r - 1]!) / g[r]!;
      return s[i]! / denom;
    });
    // The likelihood fixes ε only up to a common factor: keep their geometric mean at 1.
    const scale = Math.exp(raw.reduce((a, e) => a + Math.log(e), 0) / L);
    const next = raw.map((e) => e / scale);
    const change = Math.max(...next.map((e, i) => Math.abs(Math.log(e / eps[i]!))));
    eps = next;
    if (change < 1e-9) break;
  }
  const b = eps.map((e) => -Math.log(e));
  const mean = b.reduce((a, x) => a + x, 0) / L;
  return b.map((x) => x - mean);
}

describe("Rasch JML with the (L − 1)/L correction against conditional ML", () => {
  it("agrees with CML within 0.03 logits on 1,000 takers × 20 items; uncorrected JML does not", () => {
    const L = 20;
    const rand = rng(99);
    const truth = Array.from({ length: L }, (_, i) => -2 + (4 * i) / (L - 1));
    const abilities = Array.from({ length: 1000 }, () => normal(rand));
    const data = simulate(1000, abilities, truth, 100);
    const result = estimateRasch(data, 1000, L);
    const reference = cml(data, 1000, L);
    const worst = (b: number[]) => Math.max(...b.map((x, i) => Math.abs(x - reference[i]!)));
    // Measured: 0.018 corrected, 0.124 uncorrected.
    expect(worst(result.items.map((it) => it.difficulty))).toBeLessThan(0.03);
    expect(worst(result.uncorrected.map((u) => u!))).toBeGreaterThan(0.06);
  });
});

describe("Rasch JML: extreme scores", () => {
  it("sets aside an item everyone got right and one nobody got, and the persons they make extreme", () => {
    // Item 0: all right; item 4: all wrong; person 0 right on every varying item, person 1 on none.
    const rows = [
      [1, 1, 1, 1, 0],
      [1, 0, 0, 0, 0],
      [1, 1, 0, 0, 0],
      [1, 0, 1, 0, 0],
      [1, 1, 1, 0, 0],
      [1, 0, 0, 1, 0],
      [1, 1, 0, 1, 0],
    ];
    const { data, persons, items } = matrix(rows);
    const r = estimateRasch(data, persons, items);
    expect(r.estimatedItems).toBe(3);
    expect(r.items[0]).toMatchObject({ extreme: "all_right", se: null, infit: null, outfit: null });
    expect(r.items[4]).toMatchObject({ extreme: "all_wrong", se: null, infit: null, outfit: null });
    const estimated = [1, 2, 3].map((i) => r.items[i]!.difficulty);
    expect(r.items[0]!.difficulty).toBeLessThan(Math.min(...estimated));
    expect(r.items[4]!.difficulty).toBeGreaterThan(Math.max(...estimated));
    expect(r.persons[0]).toMatchObject({ raw: 3, extreme: "max" });
    expect(r.persons[1]).toMatchObject({ raw: 0, extreme: "min" });
    for (const p of r.persons) expect(Number.isFinite(p.ability)).toBe(true);
    expect(r.persons[0]!.ability).toBeGreaterThan(Math.max(...r.persons.slice(2).map((p) => p.ability)));
    expect(r.persons[1]!.ability).toBeLessThan(Math.min(...r.persons.slice(2).map((p) => p.ability)));
  });

  it("refuses data where fewer than two items vary", () => {
    const { data, persons, items } = matrix([
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 0],
    ]);
    expect(() => estimateRasch(data, persons, items)).toThrow(RaschError);
    expect(() => estimateRasch(new Uint8Array(3), 2, 2)).toThrow(RaschError);
  });
});

describe("Rasch JML: recovering simulated parameters", () => {
  it("recovers 30 generating difficulties from 2,000 takers (RMSE < 0.08, worst < 0.2 logits)", () => {
    const L = 30;
    const rand = rng(2026);
    const truth = Array.from({ length: L }, () => -2 + 4 * rand());
    const mean = truth.reduce((a, b) => a + b, 0) / L;
    for (let i = 0; i < L; i++) truth[i]! -= mean;
    const abilities = Array.from({ length: 2000 }, () => normal(rand));
    const data = simulate(2000, abilities, truth, 2027);
    const r = estimateRasch(data, 2000, L);
    expect(r.converged).toBe(true);
    const errors = r.items.map((it, i) => it.difficulty - truth[i]!);
    const rmse = Math.sqrt(errors.reduce((a, e) => a + e * e, 0) / L);
    expect(rmse).toBeLessThan(0.08);
    expect(Math.max(...errors.map(Math.abs))).toBeLessThan(0.2);
    // Abilities follow the generating ones (raw-score measures: correlation, not equality).
    const est = r.persons.map((p) => p.ability);
    expect(correlation(est, abilities)).toBeGreaterThan(0.85);
    // Model-fitting data: every item's mean squares near their expectation 1.
    for (const it of r.items) {
      expect(it.infit!).toBeGreaterThan(0.85);
      expect(it.infit!).toBeLessThan(1.15);
      expect(it.outfit!).toBeGreaterThan(0.7);
      expect(it.outfit!).toBeLessThan(1.3);
    }
  });

  it("flags an item answered at random: infit and outfit well above 1", () => {
    const L = 20;
    const truth = Array.from({ length: L }, (_, i) => -1.5 + (3 * i) / (L - 1));
    const rand = rng(11);
    const abilities = Array.from({ length: 1500 }, () => normal(rand));
    const data = simulate(1500, abilities, truth, 12);
    const coin = rng(13);
    for (let n = 0; n < 1500; n++) data[n * L + 5] = coin() < 0.5 ? 1 : 0;
    const r = estimateRasch(data, 1500, L);
    expect(r.items[5]!.infit!).toBeGreaterThan(1.2);
    expect(r.items[5]!.outfit!).toBeGreaterThan(1.2);
    const others = r.items.filter((_, i) => i !== 5);
    expect(Math.max(...others.map((it) => it.infit!))).toBeLessThan(1.15);
  });
});

describe("certificate scale and grade bands", () => {
  it("maps abilities linearly to 0..100 at one decimal", () => {
    expect(scaleAbility(0)).toBe(50);
    expect(scaleAbility(2)).toBe(70);
    expect(scaleAbility(-0.4)).toBe(46);
    expect(scaleAbility(1.234)).toBe(62.3);
    expect(scaleAbility(9)).toBe(100);
    expect(scaleAbility(-9)).toBe(0);
  });

  it.each([
    [100, "A+"],
    [70, "A+"],
    [69.9, "A"],
    [65, "A"],
    [64.9, "B+"],
    [60, "B+"],
    [59.9, "B"],
    [55, "B"],
    [54.9, "C+"],
    [50, "C+"],
    [49.9, "C"],
    [46, "C"],
    [45.9, null],
    [0, null],
  ] as const)("%s → %s", (scaled, grade) => {
    expect(certificateGrade(scaled)).toBe(grade);
  });

  it("grades the rounded score: 69.96 shows as 70.0, an A+", () => {
    expect(certificateGrade(scaleAbility(1.996))).toBe("A+");
    expect(certificateGrade(scaleAbility(1.994))).toBe("A");
  });
});

function correlation(x: number[], y: number[]): number {
  const n = x.length;
  const mx = x.reduce((a, v) => a + v, 0) / n;
  const my = y.reduce((a, v) => a + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
