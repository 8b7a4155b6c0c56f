import type { AttemptCertificate } from "@imtihon/client-sdk/protocol";
import { useApi } from "../../api/use-api.ts";
import { formatNumber } from "../../i18n/format.ts";
import { useI18n } from "../../i18n/i18n.tsx";

/**
 * The certificate-style scaled score and grade of an attempt, once an admin has run the Rasch
 * estimation; nothing at all otherwise (the server answers 404 until then, or for other exams).
 */
export function CertificateLine({ attemptId }: { attemptId: string }) {
  const { t, lang } = useI18n();
  const c = useApi<AttemptCertificate>(`/attempts/${encodeURIComponent(attemptId)}/certificate`).data;
  if (!c) return null;
  return (
    <section className="card" data-testid="certificate-score">
      <h2>{t("insights.certificateTitle")}</h2>
      <p className="result-total">
        {formatNumber(lang, c.scaled, 1)} / 100 · {c.grade ?? t("insights.noGrade")}
      </p>
      <p className="muted">{t("insights.certificateHow")}</p>
    </section>
  );
}
