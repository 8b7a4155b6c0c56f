import type { AttemptSummary, DirectionDto, ExamSummary } from "@imtihon/client-sdk/protocol";
import { useState } from "react";
import { useApi } from "../../api/use-api.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { formatDateTime, formatUzs, uzLetters } from "../../i18n/format.ts";
import { useFormatPoints, useI18n } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";
import { BuyButton } from "../payments/buy-button.tsx";
import type { ProductsResponse } from "../payments/products-page.tsx";

/** Published exams, filtered by study direction. */
export function CataloguePage() {
  const { t, lang } = useI18n();
  const fp = useFormatPoints();
  const [directionId, setDirectionId] = useState<string>("");
  const directions = useApi<{ items: DirectionDto[] }>("/directions");
  const exams = useApi<{ items: ExamSummary[] }>(
    directionId ? `/exams?directionId=${encodeURIComponent(directionId)}` : "/exams",
  );
  // Only to know which payment providers are configured, when something here costs money.
  const shop = useApi<ProductsResponse>(exams.data?.items.some((e) => e.priceUzs > 0) ? "/products" : null);
  // An attempt in progress is resumed, not started: the button says so.
  const attempts = useApi<{ items: AttemptSummary[] }>("/me/attempts");
  const open = new Set(
    (attempts.data?.items ?? [])
      .filter((a) => a.status === "in_progress" && !a.sessionId)
      .map((a) => a.examId),
  );
  return (
    <Layout>
      <h1>{t("catalogue.title")}</h1>
      <div className="chips" role="group" aria-label={t("catalogue.directions")}>
        <button type="button" aria-pressed={directionId === ""} onClick={() => setDirectionId("")}>
          {t("catalogue.all")}
        </button>
        {directions.data?.items.map((d) => (
          <button
            key={d.id}
            type="button"
            aria-pressed={directionId === d.id}
            onClick={() => setDirectionId(d.id)}
          >
            {uzLetters(d.name)}
          </button>
        ))}
      </div>
      <Status loading={exams.loading && !exams.data} error={exams.error ?? directions.error} />
      {exams.data && exams.data.items.length === 0 && <p className="muted">{t("catalogue.empty")}</p>}
      <ul className="cards" aria-label={t("catalogue.exams")}>
        {exams.data?.items.map((e) => (
          <li key={e.id} className="card exam-card">
            <h2>{uzLetters(e.title)}</h2>
            <p className="muted">
              {t("catalogue.meta", {
                minutes: Math.round(e.durationSeconds / 60),
                questions: e.questionCount,
                points: fp(e.maxScore),
              })}
            </p>
            {e.priceUzs > 0 && <p>{t("catalogue.price", { price: formatUzs(lang, e.priceUzs) })}</p>}
            {e.opensAt && Date.parse(e.opensAt) > Date.now() && (
              <p className="muted">{t("catalogue.opens", { at: formatDateTime(lang, e.opensAt) })}</p>
            )}
            {e.closesAt && (
              <p className="muted">{t("catalogue.closes", { at: formatDateTime(lang, e.closesAt) })}</p>
            )}
            {e.priceUzs > 0 && (
              <BuyButton
                what={{ examId: e.id }}
                title={e.title}
                providers={shop.error ? [] : shop.data && (shop.data.providers ?? [])}
              />
            )}
            {e.mode === "live" ? (
              <p className="muted">{t("catalogue.liveHint")}</p>
            ) : open.has(e.id) ? (
              <>
                <p className="muted">{t("catalogue.inProgress")}</p>
                <Link
                  to={`/exam/${e.id}`}
                  className="button primary"
                  aria-label={t("catalogue.resumeAria", { title: e.title })}
                >
                  {t("catalogue.resume")}
                </Link>
              </>
            ) : (
              <Link
                to={`/exam/${e.id}`}
                className="button primary"
                aria-label={t("catalogue.startAria", { title: e.title })}
              >
                {t("catalogue.start")}
              </Link>
            )}
          </li>
        ))}
      </ul>
    </Layout>
  );
}
