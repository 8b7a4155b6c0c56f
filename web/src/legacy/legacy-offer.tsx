import {
  declineLegacyImport,
  importLegacyResults,
  legacyImportStatus,
  readLegacyResults,
  type LegacyImportSummary,
} from "@imtihon/client-sdk/legacy";
import type { LegacyImportResult, LegacyResultsBody } from "@imtihon/client-sdk/protocol";
import { useState } from "react";
import { useAuth } from "../auth/auth-context.tsx";
import { useT } from "../i18n/i18n.tsx";
import { LATER_KEY, LEGACY_CONFIG, LEGACY_IMPORTED } from "./legacy-config.ts";

const REJECTED_SHOWN = 10;

function offered(): boolean {
  try {
    return (
      sessionStorage.getItem(LATER_KEY) === null &&
      legacyImportStatus(localStorage, LEGACY_CONFIG) === "pending"
    );
  } catch {
    return false; // storage switched off: nothing to import
  }
}

/**
 * After sign-in, a student whose browser still holds the old site's results is offered to bring them
 * into their history: import, not now (this session), never. The upload resumes where it stopped.
 */
export function LegacyOffer() {
  const t = useT();
  const { auth, user } = useAuth();
  const [open, setOpen] = useState(() => user?.role === "student" && offered());
  const [state, setState] = useState<"ask" | "busy" | "failed">("ask");
  const [summary, setSummary] = useState<LegacyImportSummary | null>(null);
  if (summary)
    return (
      <section className="card legacy-offer" role="status" data-testid="legacy-result">
        <p>
          {t("legacy.done", {
            imported: summary.imported,
            duplicates: summary.duplicates,
            rejected: summary.rejected.length,
          })}
        </p>
        {summary.rejected.length > 0 && (
          <ul className="muted">
            {summary.rejected.slice(0, REJECTED_SHOWN).map((r) => (
              <li key={r.index}>
                {t("legacy.rejectedItem", { index: String(r.index + 1), reason: r.reason })}
              </li>
            ))}
          </ul>
        )}
        <button type="button" onClick={() => setSummary(null)}>
          {t("common.close")}
        </button>
      </section>
    );
  if (!open) return null;
  const found = readLegacyResults(localStorage, LEGACY_CONFIG).items.length;
  const send = (body: LegacyResultsBody) =>
    auth.api<LegacyImportResult>("/me/legacy-results", { method: "POST", body });
  const accept = async () => {
    setState("busy");
    try {
      setSummary(await importLegacyResults(localStorage, send, LEGACY_CONFIG));
      setOpen(false);
      window.dispatchEvent(new Event(LEGACY_IMPORTED));
    } catch {
      setState("failed");
    }
  };
  return (
    <section className="card legacy-offer" aria-labelledby="legacy-title" data-testid="legacy-offer">
      <h2 id="legacy-title">{t("legacy.title")}</h2>
      <p>{t("legacy.offer", { count: found })}</p>
      {state === "failed" && (
        <p role="alert" className="error">
          {t("legacy.failed")}
        </p>
      )}
      <div className="row">
        <button type="button" className="primary" disabled={state === "busy"} onClick={() => void accept()}>
          {state === "busy"
            ? t("legacy.importing")
            : state === "failed"
              ? t("legacy.retry")
              : t("legacy.accept")}
        </button>
        <button
          type="button"
          disabled={state === "busy"}
          onClick={() => {
            sessionStorage.setItem(LATER_KEY, "1");
            setOpen(false);
          }}
        >
          {t("legacy.later")}
        </button>
        <button
          type="button"
          className="link-button"
          disabled={state === "busy"}
          onClick={() => {
            declineLegacyImport(localStorage, LEGACY_CONFIG);
            setOpen(false);
          }}
        >
          {t("legacy.never")}
        </button>
      </div>
    </section>
  );
}
