import type { AttemptSummary, ExamDetail } from "@imtihon/client-sdk/protocol";
import { lazy, Suspense, useState, type FormEvent } from "react";
import { useApi } from "../api/use-api.ts";
import { Layout, Status } from "../components/layout.tsx";
import { preloadRichText } from "../content/rich-text.tsx";
import { formatDateTime, uzLetters } from "../i18n/format.ts";
import { useFormatPoints, useI18n } from "../i18n/i18n.tsx";
import { Link } from "../router.tsx";

const ExamRoom = lazy(() => import("../sdk-pages.tsx").then((m) => ({ default: m.ExamRoom })));
// The formula renderer downloads while the student reads the rules (or while a resumed room loads).
void preloadRichText().catch(() => {});

/**
 * `/exam/:id`: an attempt in progress is resumed at once (a reload mid-exam lands back in the room);
 * otherwise the rules, duration and sections are shown and the clock starts only after the student
 * confirms. After a submitted attempt this page says so instead of silently starting another.
 */
export function ExamStartPage({ examId }: { examId: string }) {
  const { t, lang } = useI18n();
  const fp = useFormatPoints();
  const exam = useApi<ExamDetail>(`/exams/${encodeURIComponent(examId)}`);
  const attempts = useApi<{ items: AttemptSummary[] }>("/me/attempts");
  const [go, setGo] = useState(false);
  const [ready, setReady] = useState(false);
  const [nudge, setNudge] = useState(false);

  const mine = (attempts.data?.items ?? []).filter((a) => a.examId === examId && !a.sessionId);
  const inProgress = mine.some((a) => a.status === "in_progress");
  if (go || inProgress)
    return (
      <Suspense
        fallback={
          <Layout>
            <p className="muted">{t("room.loading")}</p>
          </Layout>
        }
      >
        <ExamRoom target={{ examId }} />
      </Suspense>
    );

  const e = exam.data;
  const last = mine.find((a) => a.status !== "lobby");
  const start = (ev: FormEvent) => {
    ev.preventDefault();
    if (!ready) return setNudge(true);
    setGo(true);
  };
  return (
    <Layout>
      <Status
        loading={(exam.loading && !e) || (attempts.loading && !attempts.data)}
        error={exam.error ?? attempts.error}
      />
      {e && attempts.data && (
        <form className="card stack start-page" onSubmit={start} noValidate data-testid="start-page">
          <p className="muted">{t("start.title")}</p>
          <h1>{uzLetters(e.title)}</h1>
          <dl className="facts">
            <dt>{t("start.duration")}</dt>
            <dd>{t("start.minutes", { count: Math.round(e.durationSeconds / 60) })}</dd>
            <dt>{t("adminExams.questions")}</dt>
            <dd>
              {t("start.questions", { count: e.questionCount })} ·{" "}
              {t("room.pointsN", { points: fp(e.maxScore), count: e.maxScore })}
            </dd>
            {e.closesAt && (
              <>
                <dt>{t("field.closesAt")}</dt>
                <dd>{formatDateTime(lang, e.closesAt)}</dd>
              </>
            )}
          </dl>
          {e.sections.length > 0 && (
            <section aria-labelledby="start-sections">
              <h2 id="start-sections">{t("start.sections")}</h2>
              <ol>
                {e.sections.map((s, i) => (
                  <li key={i}>
                    {t("start.sectionLine", {
                      title: uzLetters(s.title),
                      questions: t("start.questions", { count: s.questionCount }),
                      points: t("room.pointsN", {
                        points: fp(s.pointsPerQuestion),
                        count: s.pointsPerQuestion,
                      }),
                    })}
                  </li>
                ))}
              </ol>
            </section>
          )}
          <section aria-labelledby="start-rules">
            <h2 id="start-rules">{t("start.rulesTitle")}</h2>
            <ul>
              <li>{t("start.rule1")}</li>
              <li>{t("start.rule2")}</li>
              <li>{t("start.rule3")}</li>
              <li>{t("start.rule4")}</li>
            </ul>
          </section>
          {last && (
            <p className="banner info" data-testid="start-previous">
              {t("start.previous")} <Link to={`/attempts/${last.id}`}>{t("start.seeResult")}</Link>
            </p>
          )}
          <label className="check">
            <input
              type="checkbox"
              checked={ready}
              onChange={(ev) => {
                setReady(ev.target.checked);
                setNudge(false);
              }}
              aria-describedby="start-nudge"
            />{" "}
            {t("start.confirm")}
          </label>
          {nudge && (
            <p role="alert" className="error" id="start-nudge">
              {t("start.needConfirm")}
            </p>
          )}
          <button type="submit" className="primary">
            {last ? t("start.again") : t("start.go")}
          </button>
        </form>
      )}
    </Layout>
  );
}
