/** Number formatting for stems and options: exact integers, Uzbek decimal comma, no float noise. */

/** A value held in tenths as an integer (365 → "36,5"; 180 → "18"). */
export function formatTenths(tenths: number): string {
  const whole = Math.trunc(tenths / 10);
  const rest = Math.abs(tenths % 10);
  return rest === 0 ? String(whole) : `${whole},${rest}`;
}
