import type { AdmissionView, DirectionDto } from "@imtihon/client-sdk/protocol";
import { useEffect, useState } from "react";
import { useApi } from "../../api/use-api.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { formatNumber } from "../../i18n/format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { navigate, useSearchParam } from "../../router.tsx";

/**
 * "Which universities I can reach": the student's estimate (mean of their last finished attempts in
 * the direction, on the DTM scale, with its spread) against each university's grant and contract
 * lines. The direction is kept in the address (`?direction=`), so the page can be shared or reloaded.
 */
export function AdmissionPage() {
  const { t, lang } = useI18n();
  const num = (x: number) => formatNumber(lang, x, 1);
  const directions = useApi<{ items: DirectionDto[] }>("/directions");
  const chosen = useSearchParam("direction");
  const [year, setYear] = useState<number | null>(null);
  const directionId = chosen ?? directions.data?.items[0]?.id ?? null;
  useEffect(() => setYear(null), [directionId]);
  const query = directionId
    ? `/me/admission?directionId=${encodeURIComponent(directionId)}${year ? `&year=${year}` : ""}`
    : null;
  const view = useApi<AdmissionView>(query);
  const v = view.data;
  const demo = v?.items.some((i) => i.demo) ?? false;

  return (
    <Layout>
      <h1>{t("admission.title")}</h1>
      <Status loading={directions.loading && !directions.data} error={directions.error} />
      {directions.data && (
        <div className="form-grid">
          <label>
            {t("admission.direction")}
            <select
              value={directionId ?? ""}
              onChange={(e) => navigate(`/admission?direction=${encodeURIComponent(e.target.value)}`)}
            >
              {directions.data.items.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          {v && v.years.length > 1 && (
            <label>
              {t("admission.year")}
              <select value={v.year ?? ""} onChange={(e) => setYear(Number(e.target.value))}>
                {v.years.map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </label>
          )}
        </div>
      )}
      <Status loading={view.loading && !v} error={view.error} />
      {v && (
        <>
          <section className="card" data-testid="admission-estimate">
            {v.estimate ? (
              <>
                <h2>
                  {t("admission.estimate")}: <span className="score">{num(v.estimate.score)}</span>
                </h2>
                <p className="muted">{t("admission.estimateHow", { count: v.estimate.attempts.length })}</p>
                <p>
                  {t("admission.range", { min: num(v.estimate.min), max: num(v.estimate.max) })} ·{" "}
                  {t("admission.stdDev", { sd: num(v.estimate.stdDev) })}
                </p>
              </>
            ) : (
              <p>{t("admission.noEstimate")}</p>
            )}
          </section>
          {demo && (
            <p className="warn" role="note" data-testid="admission-demo">
              {t("admission.demoBanner")}
            </p>
          )}
          {v.items.length === 0 ? (
            <p className="muted">{t("admission.noScores")}</p>
          ) : (
            <>
              <p className="muted">
                {v.year} · {t("admission.margin", { margin: v.margin })}
              </p>
              <ul className="cards" data-testid="admission-items">
                {v.items.map((i) => (
                  <li key={i.id} className={`card admission-item status-${i.status}`}>
                    <h3>
                      {i.university}
                      {i.demo && <span className="admission-demo"> ({t("admission.demo")})</span>}
                    </h3>
                    <p className="muted">
                      {t(`admission.form.${i.form}`)} · {i.language}
                    </p>
                    <p className="admission-status">{t(`admission.status.${i.status}`)}</p>
                    <p>
                      {t("admission.grantLine", {
                        score: i.grantScore === null ? t("admission.noPlaces") : num(i.grantScore),
                      })}
                      <br />
                      {t("admission.contractLine", {
                        score: i.contractScore === null ? t("admission.noPlaces") : num(i.contractScore),
                      })}
                    </p>
                    {i.gapToContract !== null && (
                      <p>{t("admission.gapContract", { gap: num(i.gapToContract) })}</p>
                    )}
                    {i.gapToGrant !== null && <p>{t("admission.gapGrant", { gap: num(i.gapToGrant) })}</p>}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </Layout>
  );
}
