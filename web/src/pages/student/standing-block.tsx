import type { AttemptStanding } from "@imtihon/client-sdk/protocol";
import { useApi } from "../../api/use-api.ts";
import { DistributionChart } from "../../components/charts/distribution-chart.tsx";
import { Status } from "../../components/layout.tsx";
import { Link } from "../../router.tsx";
import { useInsightFormat } from "./insight-format.ts";
import "./insights.css";

/**
 * A finished attempt's place among everyone who took the exam: rank, percentile and the score
 * distribution with the student's bucket marked. Loaded with the chart library only on a result page.
 */
export function StandingBlock({ attemptId }: { attemptId: string }) {
  const { t, percent, points } = useInsightFormat();
  const standing = useApi<AttemptStanding>(`/attempts/${encodeURIComponent(attemptId)}/standing`);
  const s = standing.data;
  if (!s) return <Status loading={standing.loading} error={standing.error} />;
  const mine = s.distribution.buckets[s.distribution.you];
  return (
    <section className="card standing" aria-labelledby="standing-title" data-testid="standing">
      <div className="row">
        <h2 id="standing-title" className="grow">
          {t("standing.title")}
        </h2>
        <button type="button" className="link-button" onClick={standing.reload}>
          {t("standing.refresh")}
        </button>
      </div>
      <p className="standing-rank" data-testid="standing-rank">
        {t("standing.rank", { rank: s.rank, of: s.of })}
      </p>
      <p data-testid="standing-percentile">{t("standing.percentile", { value: percent(s.percentile) })}</p>
      {s.best > s.score && <p className="muted">{t("standing.best", { value: points(s.best) })}</p>}
      <h3>{t("standing.distribution")}</h3>
      <DistributionChart
        buckets={s.distribution.buckets}
        you={s.distribution.you}
        label={t("standing.distribution")}
        youLabel={t("standing.you")}
        othersLabel={t("standing.others")}
        formatPoints={points}
      />
      {mine && (
        <p className="you-are-here" data-testid="you-are-here">
          <span className="you-swatch" aria-hidden="true" />
          {t("standing.youAreHere", { from: points(mine.from), to: points(mine.to), count: mine.count })}
        </p>
      )}
      <p className="muted">
        {t("standing.live")} <Link to="/progress">{t("standing.progressLink")}</Link>
      </p>
    </section>
  );
}
