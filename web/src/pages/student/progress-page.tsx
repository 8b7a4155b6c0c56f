import type { MyProgress, ProgressPoint, WeakArea } from "@imtihon/client-sdk/protocol";
import { useId, useMemo, useState } from "react";
import { useApi } from "../../api/use-api.ts";
import { ScoreLineChart } from "../../components/charts/score-line-chart.tsx";
import { Layout, Status } from "../../components/layout.tsx";
import { formatDateTime, uzLetters } from "../../i18n/format.ts";
import { Link } from "../../router.tsx";
import { useInsightFormat } from "./insight-format.ts";
import "./insights.css";

const ALL = "";

/** Score over time (the whole exam or one subject), as a chart and, on request, as a table. */
function OverTime({ progress }: { progress: MyProgress }) {
  const { t, lang, percent, points, shortDate } = useInsightFormat();
  const [subjectId, setSubjectId] = useState(ALL);
  const selectId = useId();
  const subject = progress.subjects.find((s) => s.subjectId === subjectId);
  const series: ProgressPoint[] = subject ? subject.history : progress.attempts;
  const what = subject ? uzLetters(subject.name) : t("progress.allExams");
  const last = series[series.length - 1];
  return (
    <section className="card" aria-labelledby="over-time">
      <div className="row">
        <h2 id="over-time" className="grow">
          {t("progress.overTime")}
        </h2>
        <label htmlFor={selectId}>{t("progress.show")}</label>
        <select id={selectId} value={subjectId} onChange={(e) => setSubjectId(e.target.value)}>
          <option value={ALL}>{t("progress.allExams")}</option>
          {progress.subjects.map((s) => (
            <option key={s.subjectId} value={s.subjectId}>
              {uzLetters(s.name)}
            </option>
          ))}
        </select>
      </div>
      <ScoreLineChart
        points={series}
        label={t("progress.chartLabel", {
          what,
          count: series.length,
          last: last ? percent(last.percent) : "—",
        })}
        seriesLabel={what}
        formatDate={shortDate}
        formatPercent={percent}
      />
      <details>
        <summary>{t("progress.asTable")}</summary>
        <div className="table-scroll">
          <table className="table" data-testid="over-time-table">
            <thead>
              <tr>
                <th scope="col">{t("progress.date")}</th>
                <th scope="col">{t("progress.exam")}</th>
                <th scope="col">{t("progress.result")}</th>
              </tr>
            </thead>
            <tbody>
              {[...series].reverse().map((p) => (
                <tr key={p.attemptId}>
                  <td>{formatDateTime(lang, p.at)}</td>
                  <td>
                    <Link to={`/attempts/${p.attemptId}`}>{uzLetters(p.examTitle)}</Link>
                  </td>
                  <td className="num">
                    {points(p.score)} / {points(p.maxScore)} ({percent(p.percent)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </section>
  );
}

/** Accuracy per area as a table with a bar per row: readable at 360 px, and the numbers are text. */
function AccuracyTable({
  title,
  head,
  rows,
  testId,
}: {
  title: string;
  head: string;
  rows: { key: string; name: string; correct: number; total: number; accuracy: number }[];
  testId: string;
}) {
  const { t, percent } = useInsightFormat();
  const headingId = useId();
  return (
    <section className="card" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <table className="table accuracy" data-testid={testId}>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col">{t("progress.correct")}</th>
            <th scope="col">{t("progress.accuracy")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <th scope="row">{uzLetters(r.name)}</th>
              <td className="num">
                {r.correct} / {r.total}
              </td>
              <td>
                <span className="accuracy-value">{percent(r.accuracy)}</span>
                <span className="accuracy-bar" aria-hidden="true">
                  <span style={{ width: `${r.accuracy}%` }} />
                </span>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Weakest({ areas }: { areas: WeakArea[] }) {
  const { t, percent } = useInsightFormat();
  return (
    <section className="card" aria-labelledby="weakest">
      <h2 id="weakest">{t("progress.weakest")}</h2>
      {areas.length === 0 ? (
        <p className="muted">{t("progress.weakestNone")}</p>
      ) : (
        <ol className="weakest" data-testid="weakest">
          {areas.map((a) => (
            <li key={`${a.kind}:${a.id}`}>
              <strong>{uzLetters(a.name)}</strong>{" "}
              <span className="muted">
                {t("progress.weakLine", {
                  correct: a.correct,
                  total: a.total,
                  accuracy: percent(a.accuracy),
                })}
              </span>
              {a.practice.length ? (
                <div className="practice">
                  {t("progress.practice")}{" "}
                  {a.practice.map((e, i) => (
                    <span key={e.examId}>
                      {i > 0 && ", "}
                      <Link to={`/exam/${e.examId}`}>{uzLetters(e.title)}</Link>
                    </span>
                  ))}
                </div>
              ) : (
                <div className="muted">{t("progress.noPractice")}</div>
              )}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** "My progress": score over time, accuracy per subject (and topic), what to study next. */
export function ProgressPage() {
  const { t } = useInsightFormat();
  const progress = useApi<MyProgress>("/me/progress");
  const p = progress.data;
  const subjects = useMemo(
    () =>
      p?.subjects.map((s) => ({
        key: s.subjectId,
        name: s.name,
        correct: s.correct,
        total: s.total,
        accuracy: s.accuracy,
      })) ?? [],
    [p],
  );
  const topics = useMemo(
    () =>
      p?.topics.map((s) => ({
        key: s.topicId,
        name: s.path,
        correct: s.correct,
        total: s.total,
        accuracy: s.accuracy,
      })) ?? [],
    [p],
  );
  return (
    <Layout>
      <h1>{t("progress.title")}</h1>
      <Status loading={progress.loading && !p} error={progress.error} />
      {p && p.attempts.length === 0 && (
        <p className="muted" data-testid="progress-empty">
          {t("progress.empty")} <Link to="/">{t("progress.toCatalogue")}</Link>
        </p>
      )}
      {p && p.attempts.length > 0 && (
        <>
          <Weakest areas={p.weakest} />
          <OverTime progress={p} />
          <AccuracyTable
            title={t("progress.bySubject")}
            head={t("progress.subject")}
            rows={subjects}
            testId="by-subject"
          />
          {topics.length > 0 && (
            <AccuracyTable
              title={t("progress.byTopic")}
              head={t("progress.topic")}
              rows={topics}
              testId="by-topic"
            />
          )}
        </>
      )}
    </Layout>
  );
}
