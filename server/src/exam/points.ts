/**
 * Points are stored as integer hundredths; the wire carries numbers with at most two decimals.
 * The one converter for both directions (catalogue and exam alike). Rounding to whole hundredths
 * first keeps a derived value (a sum or mean of hundredths) exact too; dividing an integer by 100
 * yields the double nearest to the decimal, which JSON prints as that decimal: 18900 → 189,
 * 110 → 1.1 (never 1.1000000000000001).
 */
export function toPoints(hundredths: number): number {
  return Math.round(hundredths) / 100;
}

/** The request side: a number with at most two decimals (validated by the protocol) → hundredths. */
export function toHundredths(points: number): number {
  return Math.round(points * 100);
}
