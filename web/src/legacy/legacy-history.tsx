import type { LegacyResult } from "@imtihon/client-sdk/protocol";
import { useEffect } from "react";
import { useApi } from "../api/use-api.ts";
import { formatDateTime } from "../i18n/format.ts";
import { useFormatPoints, useI18n } from "../i18n/i18n.tsx";
import { LEGACY_IMPORTED } from "./legacy-config.ts";

/** The student's results brought from the old site, under their attempts (nothing when there are none). */
export function LegacyHistory() {
  const { t, lang } = useI18n();
  const fp = useFormatPoints();
  const legacy = useApi<{ items: LegacyResult[] }>("/me/legacy-results");
  const { reload } = legacy;
  useEffect(() => {
    window.addEventListener(LEGACY_IMPORTED, reload);
    return () => window.removeEventListener(LEGACY_IMPORTED, reload);
  }, [reload]);
  const items = legacy.data?.items ?? [];
  if (!items.length) return null;
  return (
    <section aria-labelledby="legacy-history" data-testid="legacy-history">
      <h2 id="legacy-history">{t("legacy.history")}</h2>
      <div className="table-scroll">
        <table className="table">
          <thead>
            <tr>
              <th scope="col">{t("legacy.takenAt")}</th>
              <th scope="col">{t("legacy.subject")}</th>
              <th scope="col">{t("legacy.score")}</th>
            </tr>
          </thead>
          <tbody>
            {items.map((r) => (
              <tr key={r.id}>
                <td>{formatDateTime(lang, r.takenAt)}</td>
                <td>{[r.subject ?? r.direction, r.testName].filter(Boolean).join(" · ")}</td>
                <td className="num">
                  {fp(r.score)} / {fp(r.maxScore)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
