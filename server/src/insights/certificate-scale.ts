import type { CertificateGrade } from "@imtihon/client-sdk/protocol";

/**
 * From a Rasch ability (logits, items centred at 0) to the certificate's 0–100 scale: a linear
 * T-score-like map, 50 at the average item and 10 points per logit, clamped to the scale and
 * rounded to one decimal (the bands are written to one decimal: A = 65–69.9). docs/insights.md.
 */
export const SCALE_CENTRE = 50;
export const SCALE_POINTS_PER_LOGIT = 10;

export function scaleAbility(ability: number): number {
  const scaled = SCALE_CENTRE + SCALE_POINTS_PER_LOGIT * ability;
  return Math.round(Math.min(100, Math.max(0, scaled)) * 10) / 10;
}

/** The national certificate's bands; below 46 there is no grade. */
const BANDS: readonly [number, CertificateGrade][] = [
  [70, "A+"],
  [65, "A"],
  [60, "B+"],
  [55, "B"],
  [50, "C+"],
  [46, "C"],
];

/** The grade of a scaled score (already rounded to one decimal, as `scaleAbility` returns it). */
export function certificateGrade(scaled: number): CertificateGrade | null {
  for (const [from, grade] of BANDS) if (scaled >= from) return grade;
  return null;
}
