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

/** A `datetime-local` value ("2026-12-01T09:00") read in the shown time zone's wall clock → ISO. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

export function isoToLocalInput(iso: string | null): string {
  if (!iso) return "";
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/**
 * Uzbek Latin written with the proper letters: "O'zbekiston", "O‘zbekiston" and "O’zbekiston" are
 * all shown as "Oʻzbekiston" (U+02BB after o/g, as the UI writes it). Content typed with a plain
 * apostrophe (the seeded bank, imports) then matches the interface. Other apostrophes are left alone.
 */
export function uzLetters(text: string): string {
  return text.replace(/([OoGg])['‘’`](?=\p{L})/gu, "$1\u02BB");
}
