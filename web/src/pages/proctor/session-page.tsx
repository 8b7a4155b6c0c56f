import type { SessionWatch } from "@imtihon/client-sdk";
import type { ExamDetail, RosterEntry, SessionHistory } from "@imtihon/client-sdk/protocol";
import { useExamClient, useServerNow, useSessionWatch } from "@imtihon/client-sdk/react";
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useApi } from "../../api/use-api.ts";
import { describeError } from "../../components/describe-error.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { PromptDialog } from "../../components/prompt-dialog.tsx";
import { useT } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";
import { IntegrityFeed, mergeFeed, SentMessages } from "./integrity-feed.tsx";
import { RosterTable } from "./roster-table.tsx";
import { joinLink, sessionStateLabel } from "./sessions-page.tsx";

const EXTEND_SECONDS = 300;

type Dialog = { kind: "message" | "terminate"; entry: RosterEntry } | { kind: "end" } | null;

/** One watch per session for the tab, shared across remounts (StrictMode) and closed when unused. */
const watches = new Map<
  string,
  { promise: Promise<SessionWatch>; users: number; closing?: ReturnType<typeof setTimeout> }
>();

function useWatch(sessionId: string): { watch: SessionWatch | null; error: unknown } {
  const client = useExamClient();
  const [state, setState] = useState<{ watch: SessionWatch | null; error: unknown }>({
    watch: null,
    error: null,
  });
  useEffect(() => {
    let entry = watches.get(sessionId);
    if (!entry) {
      entry = { promise: client.watchSession(sessionId), users: 0 };
      watches.set(sessionId, entry);
      entry.promise.catch(() => watches.delete(sessionId));
    }
    clearTimeout(entry.closing);
    entry.users++;
    let live = true;
    entry.promise.then(
      (watch) => live && setState({ watch, error: null }),
      (error: unknown) => live && setState({ watch: null, error }),
    );
    const held = entry;
    return () => {
      live = false;
      held.users--;
      if (held.users === 0)
        held.closing = setTimeout(() => {
          watches.delete(sessionId);
          void held.promise.then((w) => w.close()).catch(() => undefined);
        }, 1000);
    };
  }, [client, sessionId]);
  return state;
}

/** The proctor's live view of a session: controls, join link, roster, integrity feed, messages. */
export function SessionPage({ sessionId }: { sessionId: string }) {
  const t = useT();
  const { watch, error } = useWatch(sessionId);
  const snapshot = useSessionWatch(watch);
  const serverNow = useServerNow(undefined, 1000);
  const session = snapshot?.session;
  const exam = useApi<ExamDetail>(session ? `/exams/${session.examId}` : null);
  // The feed and the messages come from the server, so a reload (or a second proctor tab) sees them.
  const history = useApi<SessionHistory>(`/sessions/${encodeURIComponent(sessionId)}/history`);
  const reloadHistory = history.reload;
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Errors are kept as values and described at render time: a language switch re-translates them.
  const [actionError, setActionError] = useState<unknown>(null);
  const [copied, setCopied] = useState(false);
  // While paused the clocks stand still: show the time left as it was when the pause began.
  const pausedAt = useRef<number | null>(null);
  if (session?.state === "paused") pausedAt.current ??= serverNow;
  else pausedAt.current = null;
  const now = pausedAt.current ?? serverNow;

  const act = async (fn: () => Promise<unknown>, done?: string) => {
    setActionError(null);
    setNotice(null);
    try {
      await fn();
      if (done) setNotice(done);
    } catch (err) {
      setActionError(err);
    }
  };

  if (!watch || !snapshot || !session)
    return (
      <Layout wide>
        <Status loading={!error} error={error ? { message: describeError(t, error) } : undefined} />
      </Layout>
    );

  const link = joinLink(sessionId);
  const state = session.state;
  return (
    <Layout wide>
      <div className="row">
        <h1>{exam.data?.title ?? t("proctor.title")}</h1>
        <span className={`state-pill state-${state}`} data-testid="session-state">
          {t("proctor.state", { state: sessionStateLabel(t, state) })}
        </span>
      </div>
      <div className="card row">
        <label className="grow">
          {t("proctor.joinLink")}
          <input readOnly value={link} onFocus={(e) => e.currentTarget.select()} data-testid="join-link" />
        </label>
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard?.writeText(link).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? t("proctor.copied") : t("proctor.copy")}
        </button>
      </div>
      <div className="row controls" role="group" aria-label={t("proctor.title")}>
        {state === "lobby" && (
          <button type="button" className="primary" onClick={() => void act(watch.start)}>
            {t("proctor.start")}
          </button>
        )}
        {state === "running" && (
          <button type="button" onClick={() => void act(watch.pause)}>
            {t("proctor.pause")}
          </button>
        )}
        {state === "paused" && (
          <button type="button" className="primary" onClick={() => void act(watch.resume)}>
            {t("proctor.resume")}
          </button>
        )}
        {state !== "ended" && (
          <button type="button" className="danger" onClick={() => setDialog({ kind: "end" })}>
            {t("proctor.end")}
          </button>
        )}
        <Link to={`/proctor/exams/${session.examId}/stats?session=${sessionId}`}>{t("proctor.stats")}</Link>
      </div>
      {notice && (
        <p role="status" className="ok">
          {notice}
        </p>
      )}
      {actionError !== null && (
        <p role="alert" className="error">
          {describeError(t, actionError)}
        </p>
      )}
      <div className="dashboard">
        <RosterTable
          roster={snapshot.roster}
          now={now}
          sessionPaused={state === "paused"}
          actions={{
            extend: (r) =>
              void act(
                () => watch.extend(r.attemptId, EXTEND_SECONDS),
                t("proctor.extended", { name: r.fullName, minutes: EXTEND_SECONDS / 60 }),
              ),
            message: (entry) => setDialog({ kind: "message", entry }),
            terminate: (entry) => setDialog({ kind: "terminate", entry }),
          }}
        />
        <div className="dashboard-side">
          <MessageAll
            onSend={(text) => watch.message(text).then(reloadHistory)}
            disabled={state === "ended"}
          />
          <IntegrityFeed
            events={mergeFeed(history.data?.integrity ?? [], snapshot.integrity)}
            roster={snapshot.roster}
          />
          <SentMessages messages={history.data?.messages ?? []} />
        </div>
      </div>
      {dialog?.kind === "message" && (
        <PromptDialog
          title={t("proctor.messageAria", { name: dialog.entry.fullName })}
          label={t("proctor.messageText")}
          submitLabel={t("proctor.send")}
          onSubmit={(text) =>
            watch.message(text, dialog.entry.attemptId).then(() => {
              setNotice(t("proctor.sentTo", { name: dialog.entry.fullName }));
              reloadHistory();
            })
          }
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "terminate" && (
        <PromptDialog
          title={t("proctor.terminateAria", { name: dialog.entry.fullName })}
          label={t("proctor.reason")}
          submitLabel={t("proctor.terminate")}
          danger
          onSubmit={(reason) =>
            watch
              .terminate(dialog.entry.attemptId, reason)
              .then(() => setNotice(t("proctor.terminated", { name: dialog.entry.fullName })))
          }
          onClose={() => setDialog(null)}
        />
      )}
      {dialog?.kind === "end" && (
        <div className="modal-backdrop">
          <div className="modal card" role="dialog" aria-modal="true" aria-labelledby="end-title">
            <h2 id="end-title">{t("proctor.confirmEnd")}</h2>
            <div className="row">
              <button type="button" onClick={() => setDialog(null)} autoFocus>
                {t("common.cancel")}
              </button>
              <button
                type="button"
                className="danger"
                onClick={() => {
                  setDialog(null);
                  void act(watch.end);
                }}
              >
                {t("proctor.end")}
              </button>
            </div>
          </div>
        </div>
      )}
    </Layout>
  );
}

function MessageAll({ onSend, disabled }: { onSend: (text: string) => Promise<unknown>; disabled: boolean }) {
  const t = useT();
  const [text, setText] = useState("");
  const [status, setStatus] = useState<{ ok: true } | { ok: false; error: unknown } | null>(null);
  const send = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(null);
    try {
      await onSend(text.trim());
      setText("");
      setStatus({ ok: true });
    } catch (err) {
      setStatus({ ok: false, error: err });
    }
  };
  return (
    <form className="card stack" onSubmit={(e) => void send(e)}>
      <label>
        {t("proctor.messageAll")}
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={2} maxLength={1000} />
      </label>
      <button type="submit" disabled={disabled || !text.trim()}>
        {t("proctor.send")}
      </button>
      {status && <p role="status">{status.ok ? t("proctor.sent") : describeError(t, status.error)}</p>}
    </form>
  );
}
