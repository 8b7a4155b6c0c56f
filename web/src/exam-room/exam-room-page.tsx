import type { Attempt, StartTarget } from "@imtihon/client-sdk";
import { uzLetters } from "../i18n/format.ts";
import type { AnswerResponse, ProctorMessageEvent } from "@imtihon/client-sdk/protocol";
import { useAttempt, useConnection, useExamClient, useTimeLeft } from "@imtihon/client-sdk/react";
import { useEffect, useRef, useState } from "react";
import { useAuth } from "../auth/auth-context.tsx";
import { describeError } from "../components/describe-error.ts";
import { Layout } from "../components/layout.tsx";
import { useFormatPoints, useT } from "../i18n/i18n.tsx";
import { statusLabel } from "../pages/student/attempts-pages.tsx";
import { Link, navigate } from "../router.tsx";
import { ConnectionBanner } from "./connection-banner.tsx";
import { Countdown } from "./countdown.tsx";
import { QuestionCard } from "./question-card.tsx";
import { isAnswered, nextResponse } from "./responses.ts";
import { blocksOf, QuestionNav } from "./question-nav.tsx";
import { messageKey, useDismissed } from "./use-dismissed.ts";
import { useBrowserOnline, useFlags } from "./use-flags.ts";
import { useRoomKeys } from "./use-room-keys.ts";

/** Starts (or resumes) the attempt for a self-paced exam or a live session, then shows the room. */
export function ExamRoomPage({ target }: { target: StartTarget }) {
  const t = useT();
  const client = useExamClient();
  const [attempt, setAttempt] = useState<Attempt | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tries, setTries] = useState(0);
  const key = "examId" in target ? `e:${target.examId}` : `s:${target.sessionId}`;
  useEffect(() => {
    let live = true;
    setError(null);
    client.startAttempt(target).then(
      (a) => live && setAttempt(a),
      (err: unknown) => live && setError(err),
    );
    return () => {
      live = false;
    };
    // `target` is identified by `key`; a new object with the same ids is the same attempt.
  }, [client, key, tries]);
  if (attempt) return <Room attempt={attempt} />;
  return (
    <Layout>
      {error ? (
        <div role="alert" className="card">
          <p className="error">{describeError(t, error)}</p>
          <button type="button" onClick={() => setTries((n) => n + 1)}>
            {t("room.retry")}
          </button>
        </div>
      ) : (
        <p className="muted">{t("room.loading")}</p>
      )}
    </Layout>
  );
}

/** Stored and live messages, each once (same time and text), in the order they were sent. */
function mergeMessages(a: ProctorMessageEvent[], b: ProctorMessageEvent[]): ProctorMessageEvent[] {
  const seen = new Set<string>();
  return [...a, ...b]
    .filter((m) => {
      const key = messageKey(m);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
}

function positionKey(attemptId: string) {
  return `imtihon.pos.${attemptId}`;
}

function Room({ attempt }: { attempt: Attempt }) {
  const t = useT();
  const fp = useFormatPoints();
  const mainRef = useRef<HTMLDivElement | null>(null);
  useAttempt(attempt);
  const connection = useConnection();
  const online = useBrowserOnline();
  const msLeft = useTimeLeft(attempt, 500);
  const { flags, toggle } = useFlags(attempt.id);
  const [index, setIndex] = useState(() => Number(sessionStorage.getItem(positionKey(attempt.id)) ?? 0) || 0);
  const [messages, setMessages] = useState<ProctorMessageEvent[]>([]);
  const { isDismissed, dismiss } = useDismissed(attempt.id);
  const [confirming, setConfirming] = useState(false);
  const [submitting, setSubmitting] = useState(false);
  const [submitError, setSubmitError] = useState<string | null>(null);

  useEffect(() => attempt.on("message", (m) => setMessages((all) => mergeMessages(all, [m]))), [attempt]);
  // Messages already sent (before this page was opened or reloaded) come from the server.
  const { auth } = useAuth();
  useEffect(() => {
    let live = true;
    auth.api<{ items: { text: string; at: string }[] }>(`/attempts/${attempt.id}/messages`).then(
      (res) => live && setMessages((all) => mergeMessages(res.items, all)),
      () => undefined, // the live ones still arrive; an old message missing is not worth an error
    );
    return () => {
      live = false;
    };
  }, [auth, attempt.id]);
  useEffect(() => attempt.enableIntegrityReporting(), [attempt]);
  useEffect(() => sessionStorage.setItem(positionKey(attempt.id), String(index)), [attempt.id, index]);
  // Once closed, a reload must show this result, not start a new attempt: the address becomes the
  // result page's without leaving the "ended" panel.
  useEffect(() => {
    if (attempt.closed) history.replaceState(null, "", `/attempts/${attempt.id}`);
  }, [attempt.closed, attempt.id]);

  const questions = attempt.questions;
  const current = Math.min(index, Math.max(0, questions.length - 1));
  const q = questions[current];
  const timeUp = msLeft !== null && msLeft <= 0;
  const canAnswer = attempt.status === "in_progress" && !attempt.paused && !timeUp && !submitting;
  const answered = (id: string) => isAnswered(attempt.responseOf(id));
  const unanswered = questions.filter((x) => !answered(x.id)).length;
  const flaggedCount = questions.filter((x) => flags.has(x.id)).length;
  const go = (i: number) => setIndex(Math.max(0, Math.min(questions.length - 1, i)));
  // The current question is always in view: jumping to 90 from the navigator (below it on a phone,
  // or far down the page) brings the question card back on screen.
  const shown = useRef(current);
  useEffect(() => {
    if (shown.current === current) return;
    shown.current = current;
    const el = mainRef.current;
    if (!el) return;
    const r = el.getBoundingClientRect();
    if (r.top < 0 || r.top > window.innerHeight - 120) el.scrollIntoView({ block: "start" });
  }, [current]);
  const pick = (optionId: string) => {
    if (!q || !canAnswer) return;
    // A refusal for good (time over, closed) shows as the question's "error" state.
    attempt.save(q.id, nextResponse(q, attempt.responseOf(q.id), optionId)).catch(() => undefined);
  };
  // By question id: a typed answer may be sent as its card leaves the screen.
  const answer = (questionId: string, response: AnswerResponse) => {
    if (!canAnswer) return;
    attempt.save(questionId, response).catch(() => undefined);
  };
  useRoomKeys({
    enabled: !confirming,
    question: q,
    canAnswer,
    pick,
    prev: () => go(current - 1),
    next: () => go(current + 1),
  });

  const submit = async () => {
    setSubmitting(true);
    setSubmitError(null);
    try {
      await attempt.submit();
      navigate(`/attempts/${attempt.id}`, { replace: true });
    } catch (err) {
      setSubmitError(describeError(t, err));
      setSubmitting(false);
      setConfirming(false);
    }
  };

  const banner = <ConnectionBanner state={online ? connection : "offline"} pending={attempt.pendingCount} />;
  const shownMessages = messages.filter((m) => !isDismissed(m));
  const messageList = shownMessages.length > 0 && (
    <div className="messages">
      {shownMessages.map((m, i) => (
        <div key={`${m.at}-${i}`} className="banner info" role="alert" data-testid="proctor-message">
          <strong>{t("room.message")}:</strong> {m.text}
          <button type="button" className="link-button" onClick={() => dismiss(m)}>
            {t("common.close")}
          </button>
        </div>
      ))}
    </div>
  );

  if (attempt.closed) {
    const reason =
      attempt.status === "expired"
        ? t("room.endedExpired")
        : attempt.status === "terminated"
          ? t("room.terminatedByProctor")
          : t("room.ended");
    return (
      <Layout>
        {messageList}
        <section
          className={`card center${attempt.status === "terminated" ? " ended-terminated" : ""}`}
          aria-live="polite"
          data-testid="room-ended"
        >
          <h1>{reason}</h1>
          <p className="muted">{statusLabel(t, attempt.status)}</p>
          {attempt.result && (
            <p className="result-total">
              {fp(attempt.result.score)} / {fp(attempt.result.maxScore)}
            </p>
          )}
          <Link to={`/attempts/${attempt.id}`} className="button primary">
            {t("room.toResult")}
          </Link>
        </section>
      </Layout>
    );
  }

  if (attempt.status === "lobby") {
    return (
      <Layout>
        {banner}
        {messageList}
        <section className="card center lobby" aria-live="polite" data-testid="lobby">
          <div className="spinner" aria-hidden="true" />
          <h1>{t("room.lobbyTitle")}</h1>
          <p>{t("room.lobbyText")}</p>
        </section>
      </Layout>
    );
  }

  return (
    <Layout wide>
      <div className="room-bar">
        <Countdown msLeft={msLeft} paused={attempt.paused} />
        <button type="button" className="primary" onClick={() => setConfirming(true)} disabled={submitting}>
          {t("room.submit")}
        </button>
      </div>
      {banner}
      {messageList}
      {submitError && (
        <p role="alert" className="error">
          {submitError}
        </p>
      )}
      {attempt.paused && (
        <div className="banner paused" role="alert" data-testid="paused">
          <strong>{t("room.pausedByProctor")}</strong>
        </div>
      )}
      {timeUp && (
        <div className="banner warn" role="alert">
          <strong>{t("room.timeUp")}</strong>
        </div>
      )}
      <p className="sr-only" aria-live="polite">
        {q ? t("room.question", { n: current + 1, total: questions.length }) : ""}
      </p>
      <div className="room">
        <div className="room-main" ref={mainRef}>
          {q && !attempt.paused && (
            <QuestionCard
              key={q.id}
              question={q}
              index={current}
              total={questions.length}
              response={attempt.responseOf(q.id)}
              saveState={attempt.saveState(q.id)}
              flagged={flags.has(q.id)}
              disabled={!canAnswer}
              connected={online && connection === "connected"}
              onPick={pick}
              onAnswer={(response) => answer(q.id, response)}
              onToggleFlag={() => toggle(q.id)}
            />
          )}
          <div className="row room-steps">
            <button type="button" onClick={() => go(current - 1)} disabled={current === 0}>
              {t("room.prev")}
            </button>
            <button type="button" onClick={() => go(current + 1)} disabled={current >= questions.length - 1}>
              {t("room.next")}
            </button>
          </div>
          <p className="muted hint">{t("room.keyboardHint")}</p>
        </div>
        <aside className="room-side">
          <QuestionNav
            questions={questions}
            current={current}
            answered={answered}
            flagged={(id) => flags.has(id)}
            onGo={go}
          />
        </aside>
      </div>
      {confirming && (
        <div className="modal-backdrop">
          <div className="modal card" role="dialog" aria-modal="true" aria-labelledby="confirm-title">
            <h2 id="confirm-title">{t("room.confirmTitle")}</h2>
            <p data-testid="confirm-counts">
              {t("room.confirmCounts", { unanswered, flagged: flaggedCount })}
            </p>
            <ul className="confirm-blocks">
              {blocksOf(questions).map((b) => {
                const open = b.indexes.filter((i) => !answered(questions[i]!.id));
                const marked = b.indexes.filter((i) => flags.has(questions[i]!.id));
                if (open.length === 0 && marked.length === 0) return null;
                const list = [...new Set([...open, ...marked])]
                  .sort((x, y) => x - y)
                  .map((i) => `${i + 1}${marked.includes(i) ? "⚑" : ""}`)
                  .join(", ");
                return (
                  <li key={b.title} data-block={b.title}>
                    <strong>
                      {t("room.confirmBlock", {
                        block: uzLetters(b.title),
                        unanswered: open.length,
                        flagged: marked.length,
                      })}
                    </strong>
                    <div className="muted">{t("room.confirmList", { list })}</div>
                  </li>
                );
              })}
            </ul>
            {attempt.pendingCount > 0 && (
              <p className="muted">{t("room.pending", { n: attempt.pendingCount })}</p>
            )}
            <div className="row">
              <button type="button" onClick={() => setConfirming(false)} disabled={submitting} autoFocus>
                {t("common.cancel")}
              </button>
              <button type="button" className="primary" onClick={() => void submit()} disabled={submitting}>
                {submitting ? t("room.submitting") : t("room.confirmYes")}
              </button>
            </div>
          </div>
        </div>
      )}
    </Layout>
  );
}
