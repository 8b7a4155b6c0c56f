import type { AttemptDetail, AttemptSummary, ExamSummary, ReviewItem } from "@imtihon/client-sdk/protocol";
import { lazy, Suspense } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { Layout, Status } from "../../components/layout.tsx";
import { RichText } from "../../content/rich-text.tsx";
import { LegacyHistory } from "../../legacy/legacy-history.tsx";
import { formatDateTime, uzLetters } from "../../i18n/format.ts";
import { useFormatPoints, useI18n, useT, type MessageKey, type Translate } from "../../i18n/i18n.tsx";
import { CertificateLine } from "../insights/certificate-line.tsx";
import { Link } from "../../router.tsx";
import { chosenIds, isAnswered, pairsOf, typedValue } from "../../exam-room/responses.ts";

/** The review of a numeric, short text or matching question: the answer given beside the key. */
function OtherKindReview({ item: q }: { item: ReviewItem }) {
  const t = useT();
  const fp = useFormatPoints();
  const given = typedValue(q.response ?? undefined);
  if (q.kind === "numeric" || q.kind === "short_text") {
    const key =
      q.kind === "numeric" && q.answer
        ? q.answer.tolerance
          ? `${fp(q.answer.value)} ± ${fp(q.answer.tolerance)}`
          : fp(q.answer.value)
        : (q.accepted ?? []).join(" / ");
    return (
      <ul>
        {given && (
          <li className={q.isCorrect ? "opt-right" : "opt-wrong"}>
            {given} <em>— {t("result.yourAnswer")}</em>
          </li>
        )}
        <li className="opt-right">
          {key} <strong>— {t("result.rightAnswer")}</strong>
        </li>
      </ul>
    );
  }
  if (q.kind !== "matching") return null;
  const mine = pairsOf(q.response ?? undefined);
  const right = new Map(q.pairs ?? []);
  const text = (id: string | undefined) => q.right?.find((r) => r.id === id)?.text ?? "—";
  return (
    <ul>
      {(q.left ?? []).map((l) => {
        const ok = mine.get(l.id) === right.get(l.id);
        return (
          <li key={l.id} className={ok ? "opt-right" : "opt-wrong"}>
            {uzLetters(l.text)} → {uzLetters(text(mine.get(l.id)))}
            {!ok && (
              <strong>
                {" "}
                — {t("result.rightAnswer")}: {uzLetters(text(right.get(l.id)))}
              </strong>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export function statusLabel(t: Translate, status: AttemptSummary["status"]): string {
  const keys: Record<AttemptSummary["status"], MessageKey> = {
    lobby: "status.lobby",
    in_progress: "status.in_progress",
    submitted: "status.submitted",
    expired: "status.expired",
    terminated: "status.terminated",
  };
  return t(keys[status]);
}

/** The signed-in student's attempts, newest first, each linking to its result or back to the room. */
export function MyAttemptsPage() {
  const { t, lang } = useI18n();
  const fp = useFormatPoints();
  const attempts = useApi<{ items: AttemptSummary[] }>("/me/attempts");
  const exams = useApi<{ items: ExamSummary[] }>("/exams");
  const title = (examId: string) =>
    exams.data?.items.find((e) => e.id === examId)?.title ?? t("attempts.exam");
  return (
    <Layout>
      <h1>{t("attempts.title")}</h1>
      <Status loading={attempts.loading && !attempts.data} error={attempts.error} />
      {attempts.data?.items.length === 0 && <p className="muted">{t("attempts.empty")}</p>}
      <ul className="list">
        {attempts.data?.items.map((a) => {
          const open = a.status === "lobby" || a.status === "in_progress";
          const to = open
            ? a.sessionId
              ? `/join/${a.sessionId}`
              : `/exam/${a.examId}`
            : `/attempts/${a.id}`;
          return (
            <li key={a.id} className="card row">
              <div>
                <strong>{title(a.examId)}</strong>
                <div className="muted">
                  {a.startedAt ? formatDateTime(lang, a.startedAt) : "—"} · {statusLabel(t, a.status)}
                </div>
              </div>
              <div className="row-end">
                {a.score !== null && (
                  <span className="score">
                    {fp(a.score)} / {fp(a.maxScore)}
                  </span>
                )}
                <Link to={to} className="button">
                  {open ? t("attempts.continue") : t("attempts.open")}
                </Link>
              </div>
            </li>
          );
        })}
      </ul>
      <LegacyHistory />
    </Layout>
  );
}

// With the chart library: loaded only when a finished result is on screen.
const StandingBlock = lazy(() => import("./standing-block.tsx").then((m) => ({ default: m.StandingBlock })));

const LETTERS = "ABCDEFGHIJ";

/** Every question with the student's choice and the right one: shown only when the policy allows. */
function Review({ items }: { items: ReviewItem[] }) {
  const t = useT();
  return (
    <section className="card" aria-labelledby="review-title">
      <h2 id="review-title">{t("result.review")}</h2>
      <ol className="review">
        {items.map((q) => {
          const chosen = new Set(chosenIds(q.response ?? undefined));
          return (
            <li key={q.questionId} className={q.isCorrect ? "review-right" : "review-wrong"}>
              <div className="stem">
                <span className="sr-only">{q.isCorrect ? t("result.right") : t("result.wrong")}: </span>
                <span aria-hidden="true">{q.isCorrect ? "✓" : "✗"} </span>
                <RichText text={q.stem} />
              </div>
              <ul>
                {q.options.map((o, i) => {
                  const right = q.correct.includes(o.id);
                  const mine = chosen.has(o.id);
                  return (
                    <li key={o.id} className={right ? "opt-right" : mine ? "opt-wrong" : undefined}>
                      {LETTERS[i]}. <RichText inline text={o.text} />
                      {mine && <em> — {t("result.yourAnswer")}</em>}
                      {right && <strong> — {t("result.rightAnswer")}</strong>}
                    </li>
                  );
                })}
              </ul>
              <OtherKindReview item={q} />
              {!isAnswered(q.response ?? undefined) && <p className="muted">{t("result.noAnswer")}</p>}
              {q.explanation && <p className="muted review-explanation">{uzLetters(q.explanation)}</p>}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** Total and per-subject points ("143.6 / 189"), as much as the exam's review policy shows. */
export function ResultPage({ attemptId }: { attemptId: string }) {
  const { t, lang } = useI18n();
  const fp = useFormatPoints();
  const detail = useApi<AttemptDetail>(`/attempts/${encodeURIComponent(attemptId)}`);
  const a = detail.data?.attempt;
  const result = detail.data?.result;
  const exam = useApi<ExamSummary>(a ? `/exams/${a.examId}` : null);
  // A standing is its owner's (and admins'); a proctor opening a student's result gets none.
  const { user } = useAuth();
  const finished = a && (a.status === "submitted" || a.status === "expired") && a.score !== null;
  return (
    <Layout>
      <h1>
        {t("result.title")}
        {exam.data ? `: ${uzLetters(exam.data.title)}` : ""}
      </h1>
      <Status loading={detail.loading && !detail.data} error={detail.error} />
      {a && (
        <section className="card result" aria-labelledby="result-total">
          <p className="muted">{statusLabel(t, a.status)}</p>
          {result ? (
            <>
              <p id="result-total" className="result-total" data-testid="result-total">
                {fp(result.score)} / {fp(result.maxScore)}
              </p>
              <table className="table">
                <caption className="sr-only">{t("result.bySubject")}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("result.section")}</th>
                    <th scope="col">{t("result.correct")}</th>
                    <th scope="col">{t("result.points")}</th>
                  </tr>
                </thead>
                <tbody>
                  {result.sections.map((s) => (
                    <tr key={s.title}>
                      <th scope="row">{uzLetters(s.title)}</th>
                      <td>
                        {s.correct} / {s.total}
                      </td>
                      <td>
                        {fp(s.score)} / {fp(s.maxScore)}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {result.topics && result.topics.length > 0 && (
                <table className="table" data-testid="result-topics">
                  <caption>{t("result.byTopic")}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t("result.topic")}</th>
                      <th scope="col">{t("result.correct")}</th>
                      <th scope="col">{t("result.points")}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {result.topics.map((x) => (
                      <tr key={x.topicId}>
                        <th scope="row">{uzLetters(x.path.join(" › "))}</th>
                        <td>
                          {x.correct} / {x.total}
                        </td>
                        <td>
                          {fp(x.score)} / {fp(x.maxScore)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          ) : a.score !== null ? (
            <p id="result-total" className="result-total" data-testid="result-total">
              {fp(a.score)} / {fp(a.maxScore)}
            </p>
          ) : (
            <p id="result-total">{t("result.hidden")}</p>
          )}
        </section>
      )}
      {a?.submittedAt && <CertificateLine attemptId={attemptId} />}
      {finished && user?.role !== "proctor" && (
        <Suspense fallback={null}>
          <StandingBlock attemptId={a.id} />
        </Suspense>
      )}
      {detail.data?.review && detail.data.review.length > 0 ? (
        <Review items={detail.data.review} />
      ) : (
        a &&
        result &&
        detail.data?.reviewPending && (
          // The server withholds the key while it could still help someone: say why and until when.
          <p className="muted" data-testid="review-hint">
            {detail.data.reviewPending.reason === "live_session"
              ? t("result.reviewLive")
              : detail.data.reviewPending.opensAt
                ? t("result.reviewLater", { at: formatDateTime(lang, detail.data.reviewPending.opensAt) })
                : t("result.reviewNever")}
          </p>
        )
      )}
      <p>
        <Link to="/attempts">{t("nav.myAttempts")}</Link> · <Link to="/">{t("nav.catalogue")}</Link>
      </p>
    </Layout>
  );
}
