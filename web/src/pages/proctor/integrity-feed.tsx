import type { IntegrityEvent, RosterEntry } from "@imtihon/client-sdk/protocol";
import { useT } from "../../i18n/i18n.tsx";
import type { MessageKey } from "../../i18n/messages.ts";

const SHOWN = 100;

/** Integrity signals, newest first: who, what, when. */
export function IntegrityFeed({ events, roster }: { events: IntegrityEvent[]; roster: RosterEntry[] }) {
  const t = useT();
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
              <time dateTime={e.at}>{new Date(e.at).toLocaleTimeString()}</time>{" "}
              <strong>{e.fullName ?? names.get(e.attemptId) ?? e.attemptId.slice(0, 8)}</strong>{" "}
              {t(`integrity.${e.kind}` as MessageKey)}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
