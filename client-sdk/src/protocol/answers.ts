/**
 * How typed answers are read, shared by the server (scoring, validation) and clients (input hints),
 * so a student's screen and the score agree on what `0,5` or `Oʻzbekiston` means.
 */

// Spaces of any kind (a thousands separator too), the Unicode minus and dashes, the fraction slashes.
const SPACES = /[\s\u00a0\u2009\u202f]/g;
const MINUS = /[\u2212\u2012\u2013\u2014\ufe63\uff0d]/g;
const SLASH = /[\u2044\u2215\uff0f]/g;
const DECIMAL = /^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/;

function decimal(s: string): number | null {
  if (!DECIMAL.test(s)) return null;
  const n = Number(s.replace(",", "."));
  return Number.isFinite(n) ? n : null;
}

/**
 * A numeric answer as a number: `0.5`, `0,5` (comma decimal), `1/2`, `-3`, `+2`, `1 000`, `−3`
 * (Unicode minus). One fraction bar at most; a zero denominator or anything else is `null`.
 */
export function parseNumeric(input: string): number | null {
  const s = input.normalize("NFKC").replace(SPACES, "").replace(MINUS, "-").replace(SLASH, "/");
  if (!s || s.length > 100) return null;
  const bar = s.indexOf("/");
  if (bar === -1) return decimal(s);
  const num = decimal(s.slice(0, bar));
  const den = decimal(s.slice(bar + 1));
  if (num === null || den === null || den === 0) return null;
  return num / den;
}

/** Whether `x` is within `tolerance` (absolute) of `value`, forgiving binary rounding (0.1 + 0.2). */
export function numericMatches(x: number, value: number, tolerance: number): boolean {
  return Math.abs(x - value) <= tolerance + 1e-9 * Math.max(1, Math.abs(value));
}

// The Uzbek oʻ/gʻ (and the tutuq belgisi) are typed with any of these; they count as one.
const APOSTROPHES = /[\u02bb\u02bc\u02b9\u0027\u2018\u2019\u0060\u00b4\u2032]/g;

/**
 * A short text answer as compared: Unicode NFC, lower case, every apostrophe form as `ʻ`, spaces
 * trimmed and collapsed. `  Oʻzbekiston ` = `o'zbekiston` = `O‘ZBEKISTON` = `o`zbekiston`.
 */
export function normaliseText(input: string): string {
  return input
    .normalize("NFC")
    .toLowerCase()
    .normalize("NFC")
    .replace(APOSTROPHES, "\u02bb")
    .replace(/\s+/g, " ")
    .trim();
}
