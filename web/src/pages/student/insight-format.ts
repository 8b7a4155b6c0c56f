import { useCallback, useMemo } from "react";
import { LOCALES, formatNumber, timeZone } from "../../i18n/format.ts";
import { useI18n } from "../../i18n/i18n.tsx";

/** Formatters of the progress and standing views, in the shown language (Intl). */
export function useInsightFormat() {
  const { t, lang } = useI18n();
  const percent = useCallback(
    (n: number) => t("insights.percent", { value: formatNumber(lang, n, 1) }),
    [t, lang],
  );
  const points = useCallback((n: number) => formatNumber(lang, n), [lang]);
  // A chart axis needs the short form; Uzbek writes numeric dates day-first like Russian ("29.11").
  const shortDate = useMemo(() => {
    const f = new Intl.DateTimeFormat(lang === "uz" ? "ru-RU" : LOCALES[lang], {
      day: "2-digit",
      month: "2-digit",
      timeZone: timeZone(),
    });
    return (d: Date) => f.format(d);
  }, [lang]);
  return { t, lang, percent, points, shortDate };
}
