import { useApi } from "../../api/use-api.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { formatPoints, useT } from "../../i18n/i18n.tsx";
import { Histogram, type Bucket } from "./histogram.tsx";

/** What GET /exams/:id/stats answers; read leniently, the route is young. */
interface ExamStats {
  attempts?: number;
  finished?: number;
  mean?: number | null;
  median?: number | null;
  maxScore?: number;
  histogram?: Bucket[];
  distribution?: Bucket[];
  questions?: QuestionStat[];
}
interface QuestionStat {
  questionId: string;
  stem?: string;
  section?: string;
  answered?: number;
  correct?: number;
  correctRate?: number | null;
}

/** Score histogram (SVG) and the per-question table of one exam. */
export function ExamStatsPage({ examId }: { examId: string }) {
  const t = useT();
  const stats = useApi<ExamStats>(`/exams/${encodeURIComponent(examId)}/stats`);
  const s = stats.data;
  const buckets = s?.histogram ?? s?.distribution ?? [];
  return (
    <Layout wide>
      <h1>{t("stats.title")}</h1>
      <Status loading={stats.loading && !s} error={stats.error} />
      {s && (
        <>
          <dl className="facts">
            <div>
              <dt>{t("stats.attempts")}</dt>
              <dd>{s.finished ?? s.attempts ?? 0}</dd>
            </div>
            <div>
              <dt>{t("stats.mean")}</dt>
              <dd>{s.mean == null ? "—" : formatPoints(s.mean)}</dd>
            </div>
            <div>
              <dt>{t("stats.median")}</dt>
              <dd>{s.median == null ? "—" : formatPoints(s.median)}</dd>
            </div>
            <div>
              <dt>{t("stats.maxScore")}</dt>
              <dd>{s.maxScore == null ? "—" : formatPoints(s.maxScore)}</dd>
            </div>
          </dl>
          <section className="card">
            <h2>{t("stats.histogram")}</h2>
            <Histogram buckets={buckets} label={t("stats.histogram")} countLabel={t("stats.students")} />
          </section>
          <section className="card">
            <h2>{t("stats.questions")}</h2>
            <div className="table-scroll">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t("stats.question")}</th>
                    <th scope="col">{t("stats.answered")}</th>
                    <th scope="col">{t("stats.correct")}</th>
                    <th scope="col">{t("stats.rate")}</th>
                  </tr>
                </thead>
                <tbody>
                  {(s.questions ?? []).map((q, i) => {
                    const rate = q.correctRate ?? (q.answered ? (q.correct ?? 0) / q.answered : null);
                    return (
                      <tr key={q.questionId}>
                        <td>{i + 1}</td>
                        <td className="clip">{q.stem ?? q.questionId.slice(0, 8)}</td>
                        <td>{q.answered ?? "—"}</td>
                        <td>{q.correct ?? "—"}</td>
                        <td>
                          {rate == null ? (
                            "—"
                          ) : (
                            <span className="rate">
                              <span className="rate-bar" style={{ width: `${Math.round(rate * 100)}%` }} />
                              {Math.round(rate * 100)}%
                            </span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </Layout>
  );
}
