import type { ExamStats } from "@imtihon/client-sdk/protocol";
import { useState } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { Layout, Status } from "../../components/layout.tsx";
import { formatNumber } from "../../i18n/format.ts";
import { useI18n } from "../../i18n/i18n.tsx";
import { Link, useSearchParam } from "../../router.tsx";
import { Histogram } from "./histogram.tsx";

const LETTERS = "ABCDEFGHIJ";

/** Score histogram (SVG) and the per-question table of one exam. */
export function ExamStatsPage({ examId }: { examId: string }) {
  const { t, lang } = useI18n();
  const num = (x: number | null) => (x === null ? "—" : formatNumber(lang, x));
  // `?session=` narrows the statistics to one live session (the dashboard links that way).
  const sessionId = useSearchParam("session");
  const query = sessionId ? `?sessionId=${encodeURIComponent(sessionId)}` : "";
  const stats = useApi<ExamStats>(`/exams/${encodeURIComponent(examId)}/stats${query}`);
  const exam = useApi<{ title: string }>(`/exams/${encodeURIComponent(examId)}`);
  const s = stats.data;
  // Rasch columns once the exam has a stored estimate (admins only; see exam/stats.ts).
  const rasch = s?.questions.some((q) => q.difficulty !== undefined) ?? false;
  const { auth, user } = useAuth();
  const [estimating, setEstimating] = useState<{ busy: boolean; error?: unknown }>({ busy: false });
  const estimate = async () => {
    setEstimating({ busy: true });
    try {
      await auth.api(`/admin/exams/${encodeURIComponent(examId)}/certificate/estimate`, { method: "POST" });
      setEstimating({ busy: false });
      stats.reload();
    } catch (error) {
      setEstimating({ busy: false, error });
    }
  };
  return (
    <Layout wide>
      <h1>
        {t("stats.title")}
        {exam.data ? `: ${exam.data.title}` : ""}
      </h1>
      {sessionId && (
        <p className="muted">
          {t("stats.oneSession")} ·{" "}
          <Link to={`/proctor/exams/${examId}/stats`}>{t("stats.allSessions")}</Link>
        </p>
      )}
      <Status loading={stats.loading && !s} error={stats.error} />
      {s && (
        <>
          <dl className="facts">
            <div>
              <dt>{t("stats.attempts")}</dt>
              <dd data-testid="stats-attempts">{s.attempts}</dd>
            </div>
            <div>
              <dt>{t("stats.mean")}</dt>
              <dd>
                {num(s.mean)} / {num(s.maxScore)}
              </dd>
            </div>
            <div>
              <dt>{t("stats.median")}</dt>
              <dd>{num(s.median)}</dd>
            </div>
            <div>
              <dt>{t("stats.stdDev")}</dt>
              <dd>{num(s.stdDev)}</dd>
            </div>
            <div>
              <dt>{t("stats.alpha")}</dt>
              <dd>{num(s.cronbachAlpha)}</dd>
            </div>
          </dl>
          <section className="card">
            <h2>{t("stats.histogram")}</h2>
            <Histogram buckets={s.histogram} label={t("stats.histogram")} countLabel={t("stats.students")} />
          </section>
          <section className="card">
            <h2>{t("stats.questions")}</h2>
            {user?.role === "admin" && (
              <p>
                <button
                  type="button"
                  className="button"
                  disabled={estimating.busy}
                  onClick={() => void estimate()}
                >
                  {t("insights.estimate")}
                </button>
              </p>
            )}
            <Status error={estimating.error as { message: string } | undefined} />
            <div className="table-scroll">
              <table className="table" data-testid="stats-questions">
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">{t("stats.question")}</th>
                    <th scope="col">{t("stats.answered")}</th>
                    <th scope="col">{t("stats.rate")}</th>
                    <th scope="col">{t("stats.discrimination")}</th>
                    <th scope="col">{t("stats.choices")}</th>
                    {rasch && (
                      <>
                        <th scope="col">{t("insights.difficulty")}</th>
                        <th scope="col">{t("insights.infit")}</th>
                        <th scope="col">{t("insights.outfit")}</th>
                      </>
                    )}
                  </tr>
                </thead>
                <tbody>
                  {s.questions.map((q, i) => (
                    <tr key={q.questionId}>
                      <td>{i + 1}</td>
                      <td className="clip" title={q.stem}>
                        {q.stem}
                      </td>
                      <td>{q.answered}</td>
                      <td>
                        {q.facility === null ? (
                          "—"
                        ) : (
                          <span className="rate">
                            <span
                              className="rate-bar"
                              style={{ width: `${Math.round(q.facility * 100)}%` }}
                            />
                            {Math.round(q.facility * 100)}%
                          </span>
                        )}
                      </td>
                      <td>{num(q.discrimination)}</td>
                      <td className="choices">
                        {q.options.map((o, j) => (
                          <span key={o.id} className={o.correct ? "choice correct" : "choice"}>
                            {LETTERS[j]} {o.count}
                            {o.correct ? " ✓" : ""}
                          </span>
                        ))}
                        {q.wrongAnswers?.map((w) => (
                          <span key={w.value} className="choice" title={t("stats.wrongAnswer")}>
                            ✗ {w.value}: {w.count}
                          </span>
                        ))}
                      </td>
                      {rasch && (
                        <>
                          <td>{num(q.difficulty ?? null)}</td>
                          <td>{num(q.infit ?? null)}</td>
                          <td>{num(q.outfit ?? null)}</td>
                        </>
                      )}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </section>
        </>
      )}
    </Layout>
  );
}
