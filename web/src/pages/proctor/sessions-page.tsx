import type { ExamSummary, SessionDto } from "@imtihon/client-sdk/protocol";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { describeError } from "../../components/describe-error.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { formatDateTime } from "../../i18n/format.ts";
import { useI18n, type MessageKey, type Translate } from "../../i18n/i18n.tsx";
import { Link, navigate } from "../../router.tsx";

export function joinLink(sessionId: string): string {
  return `${location.origin}/join/${sessionId}`;
}

export function sessionStateLabel(t: Translate, state: SessionDto["state"]): string {
  const keys: Record<SessionDto["state"], MessageKey> = {
    lobby: "session.lobby",
    running: "session.running",
    paused: "session.paused",
    ended: "session.ended",
  };
  return t(keys[state]);
}

/** The proctor's sessions and a form to open a new one for a published exam. */
export function SessionsPage() {
  const { t, lang } = useI18n();
  const { auth } = useAuth();
  const sessions = useApi<{ items: SessionDto[] }>("/sessions");
  const exams = useApi<{ items: ExamSummary[] }>("/exams");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const examTitle = (id: string) => exams.data?.items.find((e) => e.id === id)?.title ?? id.slice(0, 8);
  // Only live exams can have a session (the server refuses a self-paced one with reason "not_live").
  const choices = (exams.data?.items ?? []).filter((e) => e.mode === "live");

  const create = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const examId = String(new FormData(e.currentTarget).get("examId") ?? "");
    if (!examId)
      return setError({
        code: "invalid_payload",
        details: [{ code: "invalid_format", format: "uuid", path: ["examId"] }],
      });
    setBusy(true);
    setError(null);
    try {
      const res = await auth.api<{ session: SessionDto }>("/sessions", { method: "POST", body: { examId } });
      navigate(`/proctor/sessions/${res.session.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Layout wide>
      <h1>{t("sessions.title")}</h1>
      <form className="card row" onSubmit={(e) => void create(e)}>
        <label className="grow">
          {t("sessions.exam")}
          <select name="examId" defaultValue="" aria-describedby="sessions-live-only">
            <option value="" disabled>
              —
            </option>
            {choices.map((e) => (
              <option key={e.id} value={e.id}>
                {e.title} ({t("builder.live")})
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy}>
          {t("sessions.create")}
        </button>
        <p className="hint-text" id="sessions-live-only">
          {t("sessions.liveOnly")}
        </p>
      </form>
      {error !== null && (
        <p role="alert" className="error">
          {describeError(t, error)}
        </p>
      )}
      <Status loading={sessions.loading && !sessions.data} error={sessions.error} />
      {sessions.data?.items.length === 0 && <p className="muted">{t("sessions.empty")}</p>}
      <ul className="list">
        {sessions.data?.items.map((s) => (
          <li key={s.id} className="card row">
            <div>
              <strong>{examTitle(s.examId)}</strong>
              <div className="muted">
                {formatDateTime(lang, s.createdAt)} · {sessionStateLabel(t, s.state)}
              </div>
            </div>
            <div className="row-end">
              <Link to={`/proctor/exams/${s.examId}/stats`}>{t("sessions.stats")}</Link>
              <Link to={`/proctor/sessions/${s.id}`} className="button">
                {t("sessions.open")}
              </Link>
            </div>
          </li>
        ))}
      </ul>
    </Layout>
  );
}
