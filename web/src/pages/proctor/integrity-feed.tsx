import type { IntegrityEvent, RosterEntry, SessionHistory } from "@imtihon/client-sdk/protocol";
import { formatTime } from "../../i18n/format.ts";
import { useI18n, type MessageKey } from "../../i18n/i18n.tsx";

const SHOWN = 100;

type FeedItem = { attemptId: string; kind: string; at: string; fullName?: string };

/**
 * The stored history (GET /sessions/:id/history) and the live events since, newest first, each once:
 * a reopened session shows what happened before it was opened.
 */
export function mergeFeed(history: SessionHistory["integrity"], live: IntegrityEvent[]): FeedItem[] {
  const seen = new Set<string>();
  const out: FeedItem[] = [];
  for (const e of [...live, ...history]) {
    const key = `${e.attemptId}|${e.kind}|${Date.parse(e.at)}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out.sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
}

/** Integrity signals, newest first: who, what, when. */
export function IntegrityFeed({ events, roster }: { events: FeedItem[]; roster: RosterEntry[] }) {
  const { t, lang } = useI18n();
  const names = new Map(roster.map((r) => [r.attemptId, r.fullName]));
  return (
    <section className="card feed" aria-labelledby="feed-title">
      <h2 id="feed-title">{t("proctor.integrity")}</h2>
      {events.length === 0 ? (
        <p className="muted">{t("proctor.noIntegrity")}</p>
      ) : (
        <ol className="feed-list" aria-live="polite">
          {events.slice(0, SHOWN).map((e, i) => (
            <li key={`${e.attemptId}-${e.at}-${i}`}>
              <time dateTime={e.at}>{formatTime(lang, e.at)}</time>{" "}
              <strong>{e.fullName ?? names.get(e.attemptId) ?? e.attemptId.slice(0, 8)}</strong>{" "}
              {t(`integrity.${e.kind}` as MessageKey)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/** The messages sent in this session so far (from the server), newest first. */
export function SentMessages({ messages }: { messages: SessionHistory["messages"] }) {
  const { t, lang } = useI18n();
  return (
    <section className="card feed" aria-labelledby="messages-title">
      <h2 id="messages-title">{t("proctor.messages")}</h2>
      {messages.length === 0 ? (
        <p className="muted">{t("proctor.noMessages")}</p>
      ) : (
        <ol className="sent-list" data-testid="sent-messages">
          {messages.slice(0, SHOWN).map((m, i) => (
            <li key={`${m.at}-${i}`}>
              <time dateTime={m.at}>{formatTime(lang, m.at)}</time>{" "}
              <strong>{m.fullName ?? t("proctor.toAll")}</strong>: {m.text}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
