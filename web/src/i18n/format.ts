import type { Lang } from "./messages.ts";

/** BCP 47 tags for Intl: Uzbek (Latin) and Russian write a decimal comma, English a point. */
export const LOCALES: Record<Lang, string> = { uz: "uz-Latn-UZ", ru: "ru-RU", en: "en-GB" };

const FALLBACK_TIME_ZONE = "Asia/Tashkent";

/**
 * The time zone dates are shown in: the browser's own, unless it reports none or bare UTC (a
 * headless or misconfigured machine), when Tashkent is the sensible guess for this platform.
 */
export function timeZone(): string {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
  return !tz || tz === "UTC" || tz === "Etc/UTC" ? FALLBACK_TIME_ZONE : tz;
}

/**
 * Some browsers (Chromium's trimmed ICU) carry no Uzbek data and would silently format "1.1".
 * Uzbek writes numbers like Russian (decimal comma, space-grouped thousands) and dates day-first,
 * so without Uzbek data numbers use Russian rules and dates an all-numeric "29.11.2026, 20:46".
 */
const DECIMAL: Record<Lang, string> = { uz: ",", ru: ",", en: "." };
const real = new Map<Lang, boolean>();
function hasLocale(lang: Lang): boolean {
  // Chromium claims "uz" is supported yet formats it with root data ("1.1", "2026 M11 29"): test
  // the data itself, not the claim.
  let ok = real.get(lang);
  if (ok === undefined) {
    ok = new Intl.NumberFormat(LOCALES[lang]).format(1.5) === `1${DECIMAL[lang]}5`;
    real.set(lang, ok);
  }
  return ok;
}
const numberLocale = (lang: Lang) => (hasLocale(lang) ? LOCALES[lang] : "ru-RU");

const numberFormats = new Map<string, Intl.NumberFormat>();
function numberFormat(lang: Lang, maxFraction: number): Intl.NumberFormat {
  const key = `${lang}:${maxFraction}`;
  let f = numberFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(numberLocale(lang), { maximumFractionDigits: maxFraction });
    numberFormats.set(key, f);
  }
  return f;
}

/** Points with at most two decimals, never "188.99999": "143,6" (uz, ru), "143.6" (en). */
export function formatNumber(lang: Lang, n: number, maxFraction = 2): string {
  return numberFormat(lang, maxFraction).format(Math.round(n * 100) / 100);
}

/** A price in so'm, grouped the local way: "150 000 soʻm". */
export function formatUzs(lang: Lang, amount: number): string {
  return numberFormat(lang, 0).format(amount);
}

export function formatDateTime(lang: Lang, iso: string | Date): string {
  const options: Intl.DateTimeFormatOptions = hasLocale(lang)
    ? { dateStyle: "medium", timeStyle: "short" }
    : { day: "2-digit", month: "2-digit", year: "numeric", hour: "2-digit", minute: "2-digit" };
  return new Intl.DateTimeFormat(hasLocale(lang) ? LOCALES[lang] : "ru-RU", {
    ...options,
    timeZone: timeZone(),
  }).format(typeof iso === "string" ? new Date(iso) : iso);
}

export function formatTime(lang: Lang, iso: string | Date): string {
  return new Intl.DateTimeFormat(numberLocale(lang), {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    timeZone: timeZone(),
  }).format(typeof iso === "string" ? new Date(iso) : iso);
}

/**
 * A decimal typed by a person: comma or point as the separator ("1,1" and "1.1" are 1.1), spaces
 * ignored; anything else (two separators, letters, empty) is null, never a silently different number.
 */
export function parseDecimal(text: string): number | null {
  const s = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".");
  if (!/^-?(\d+(\.\d*)?|\.\d+)$/.test(s)) return null;
  const n = Number(s);
  return Number.isFinite(n) ? n : null;
}

/** How far `zone`'s wall clock is ahead of UTC at `at` (ms): +5 h for Tashkent. */
function zoneOffsetMs(zone: string, at: number): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part("year"),
    part("month") - 1,
    part("day"),
    part("hour"),
    part("minute"),
    part("second"),
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/**
 * A `datetime-local` value ("2026-12-01T09:00") read as the wall clock of the zone dates are shown
 * in (`timeZone()`: Tashkent on a machine that reports UTC), so what the admin types is what the list
 * and the students see.
 */
export function localInputToIso(value: string, zone = timeZone()): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?$/.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map((x) => Number(x ?? 0));
  const wall = Date.UTC(year!, month! - 1, day, hour, minute, second);
  if (Number.isNaN(wall)) return null;
  // The offset at the guess, checked once more at the result (a daylight-saving change in between).
  let at = wall - zoneOffsetMs(zone, wall);
  at = wall - zoneOffsetMs(zone, at);
  return new Date(at).toISOString();
}

/** The other way: an ISO time as a `datetime-local` value in the shown zone's wall clock. */
export function isoToLocalInput(iso: string | null, zone = timeZone()): string {
  if (!iso) return "";
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return "";
  return new Date(at + zoneOffsetMs(zone, at)).toISOString().slice(0, 16);
}

/**
 * Uzbek Latin written with the proper letters: "O'zbekiston", "O‘zbekiston" and "O’zbekiston" are
 * all shown as "Oʻzbekiston" (U+02BB after o/g, as the UI writes it). Content typed with a plain
 * apostrophe (the seeded bank, imports) then matches the interface. Other apostrophes are left alone.
 */
export function uzLetters(text: string): string {
  return text.replace(/([OoGg])['‘’`](?=\p{L})/gu, "$1\u02BB");
}
