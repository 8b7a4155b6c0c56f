/** Points are stored as integer hundredths; the wire carries numbers with at most two decimals. */
export function toPoints(hundredths: number): number {
  return Math.round(hundredths) / 100;
}

export function toHundredths(points: number): number {
  return Math.round(points * 100);
}
