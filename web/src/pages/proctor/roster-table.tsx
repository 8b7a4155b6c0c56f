import type { RosterEntry } from "@imtihon/client-sdk/protocol";
import { useMemo, useState } from "react";
import { VirtualRows } from "../../components/virtual-rows.tsx";
import { formatDuration, useT } from "../../i18n/i18n.tsx";
import { Link } from "../../router.tsx";
import { statusLabel } from "../student/attempts-pages.tsx";

const ROW_HEIGHT = 48;
const OPEN = new Set(["lobby", "in_progress"]);

export interface RosterActions {
  extend: (entry: RosterEntry) => void;
  message: (entry: RosterEntry) => void;
  terminate: (entry: RosterEntry) => void;
}

/**
 * The live roster: connection dot, name, status, progress bar, time left, integrity flags and
 * per-student actions. Virtualized, so 1,000 students scroll smoothly; sorted by name.
 */
export function RosterTable(props: {
  roster: RosterEntry[];
  now: number;
  actions: RosterActions;
  /** While the session is paused, every attempt in progress is shown paused too. */
  sessionPaused?: boolean;
}) {
  const t = useT();
  const [query, setQuery] = useState("");
  const rows = useMemo(() => {
    const q = query.trim().toLowerCase();
    const list = q ? props.roster.filter((r) => r.fullName.toLowerCase().includes(q)) : props.roster;
    return [...list].sort(
      (a, b) => a.fullName.localeCompare(b.fullName) || a.attemptId.localeCompare(b.attemptId),
    );
  }, [props.roster, query]);
  return (
    <section className="card roster" aria-labelledby="roster-title">
      <div className="row">
        <h2 id="roster-title">{t("proctor.roster", { n: props.roster.length })}</h2>
        <label className="roster-search">
          <span className="sr-only">{t("proctor.search")}</span>
          <input
            type="search"
            placeholder={t("proctor.search")}
            aria-label={t("proctor.search")}
            value={query}
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
      </div>
      {props.roster.length === 0 ? (
        <p className="muted">{t("proctor.empty")}</p>
      ) : (
        <div role="table" aria-labelledby="roster-title" aria-rowcount={rows.length + 1} className="vtable">
          <div role="rowgroup">
            <div role="row" aria-rowindex={1} className="vrow vhead">
              <span role="columnheader" className="c-dot">
                <span className="sr-only">{t("proctor.online")}</span>
              </span>
              <span role="columnheader">{t("proctor.student")}</span>
              <span role="columnheader" className="c-status">
                {t("proctor.status")}
              </span>
              <span role="columnheader">{t("proctor.progress")}</span>
              <span role="columnheader">{t("proctor.timeLeft")}</span>
              <span role="columnheader" className="c-flags">
                {t("proctor.flags")}
              </span>
              <span role="columnheader">
                <span className="sr-only">{t("proctor.actions")}</span>
              </span>
            </div>
          </div>
          <VirtualRows
            items={rows}
            rowHeight={ROW_HEIGHT}
            maxHeight={Math.round(Math.max(320, window.innerHeight * 0.6))}
            rowKey={(r) => r.attemptId}
            renderRow={(r, i, style) => {
              const open = OPEN.has(r.status);
              const paused = !!props.sessionPaused && r.status === "in_progress";
              const left = r.deadline && open ? Math.max(0, Date.parse(r.deadline) - props.now) : null;
              const pct = r.total ? Math.round((r.answered / r.total) * 100) : 0;
              return (
                <div
                  key={r.attemptId}
                  role="row"
                  aria-rowindex={i + 2}
                  className="vrow"
                  style={style}
                  data-student={r.fullName}
                >
                  <span role="cell" className="c-dot">
                    <span
                      className={r.connected ? "dot on" : "dot"}
                      title={r.connected ? t("proctor.online") : t("proctor.offline")}
                    />
                    <span className="sr-only">
                      {r.connected ? t("proctor.online") : t("proctor.offline")}
                    </span>
                  </span>
                  <span role="cell" className="c-name" title={r.fullName}>
                    {open ? r.fullName : <Link to={`/attempts/${r.attemptId}`}>{r.fullName}</Link>}
                  </span>
                  <span
                    role="cell"
                    className={`c-status st-${paused ? "paused" : r.status}`}
                    data-testid="roster-status"
                  >
                    {paused ? t("status.pausedRow") : statusLabel(t, r.status)}
                  </span>
                  <span role="cell" className="c-progress">
                    <span className="progress" aria-hidden="true">
                      <span style={{ width: `${pct}%` }} />
                    </span>
                    <span data-testid="roster-answered">
                      {r.answered}/{r.total}
                    </span>
                  </span>
                  <span role="cell" className="c-time" data-testid="roster-time">
                    {left === null ? "—" : formatDuration(left)}
                  </span>
                  <span role="cell" className={r.flags ? "c-flags has-flags" : "c-flags"}>
                    {r.flags ? `⚠ ${r.flags}` : "—"}
                  </span>
                  <span role="cell" className="c-actions">
                    <button
                      type="button"
                      className="small"
                      disabled={!open}
                      aria-label={t("proctor.extendAria", { name: r.fullName })}
                      onClick={() => props.actions.extend(r)}
                    >
                      {t("proctor.extend")}
                    </button>
                    <button
                      type="button"
                      className="small"
                      disabled={!open}
                      aria-label={t("proctor.messageAria", { name: r.fullName })}
                      onClick={() => props.actions.message(r)}
                    >
                      ✉
                    </button>
                    <button
                      type="button"
                      className="small danger"
                      disabled={!open}
                      aria-label={t("proctor.terminateAria", { name: r.fullName })}
                      onClick={() => props.actions.terminate(r)}
                    >
                      ✕
                    </button>
                  </span>
                </div>
              );
            }}
          />
        </div>
      )}
    </section>
  );
}
