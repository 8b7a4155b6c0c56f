import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";
import { formatNumber } from "./format.ts";
import { LANGS, messages, type Lang } from "./messages.ts";
import { ALL_EXTRA, type ExtraKey, type Plural } from "./messages-extra.ts";

const STORAGE_KEY = "imtihon.lang";

/** Every key of every table: the original one and the added ones (errors, room, admin console). */
export type MessageKey = keyof typeof messages | ExtraKey;

/**
 * `{name}` placeholders are filled from `vars`; a number is written the locale's way ("1,5" in
 * Uzbek). A plural entry picks its form with Intl.PluralRules from `vars.count`.
 */
export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

function initialLang(): Lang {
  const stored = localStorage.getItem(STORAGE_KEY);
  return (LANGS as readonly string[]).includes(stored ?? "") ? (stored as Lang) : "uz";
}

/** Uzbek (Latin) by default; the choice is remembered. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  const setLang = useCallback((l: Lang) => {
    localStorage.setItem(STORAGE_KEY, l);
    setLangState(l);
  }, []);
  const value = useMemo<I18n>(() => ({ lang, setLang, t: makeTranslate(lang) }), [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The translate function of one language (the provider's, and usable outside React, e.g. in tests). */
export function makeTranslate(lang: Lang): Translate {
  return (key, vars) => {
    // A key built at runtime (an integrity kind the server added) falls back to itself.
    const entry = (messages as Partial<Record<string, Record<Lang, string>>>)[key] ?? ALL_EXTRA[key];
    const form: string | Plural = entry?.[lang] ?? key;
    let text = typeof form === "string" ? form : pluralForm(lang, form, vars?.count);
    if (vars)
      for (const [k, v] of Object.entries(vars))
        text = text.replaceAll(`{${k}}`, typeof v === "number" ? formatNumber(lang, v) : v);
    return text;
  };
}

const pluralRules = new Map<Lang, Intl.PluralRules>();
function pluralForm(lang: Lang, form: Plural, count: string | number | undefined): string {
  let rules = pluralRules.get(lang);
  if (!rules) pluralRules.set(lang, (rules = new Intl.PluralRules(lang)));
  const n = typeof count === "number" ? count : Number(count);
  return form[rules.select(Number.isFinite(n) ? n : 0)] ?? form.other;
}

export function useI18n(): I18n {
  const v = useContext(I18nContext);
  if (!v) throw new Error("useI18n outside I18nProvider");
  return v;
}

export function useT(): Translate {
  return useI18n().t;
}

/** Points with at most two decimals, never "188.99999", in the shown language: 143,6 (uz), 143.6 (en). */
export function useFormatPoints(): (n: number) => string {
  const { lang } = useI18n();
  return useCallback((n: number) => formatNumber(lang, n), [lang]);
}

export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = String(m).padStart(h ? 2 : 1, "0");
  return `${h ? `${h}:` : ""}${mm}:${String(s).padStart(2, "0")}`;
}
