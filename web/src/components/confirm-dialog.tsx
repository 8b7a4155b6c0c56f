import { useState } from "react";
import { describeError } from "../i18n/errors.ts";
import { useT } from "../i18n/i18n.tsx";

/** "Are you sure?" for an irreversible action; stays open and shows the error when it fails. */
export function ConfirmDialog(props: {
  title: string;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}) {
  const t = useT();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const go = async () => {
    setBusy(true);
    setError(null);
    try {
      await props.onConfirm();
      props.onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === "Escape" && props.onClose()}>
      <div
        className="modal card stack"
        role="dialog"
        aria-modal="true"
        aria-labelledby="confirm-dialog-title"
      >
        <h2 id="confirm-dialog-title">{props.title}</h2>
        {error !== null && (
          <p role="alert" className="error">
            {describeError(t, error)}
          </p>
        )}
        <div className="row">
          <button type="button" onClick={props.onClose} autoFocus>
            {t("common.cancel")}
          </button>
          <button
            type="button"
            className={props.danger ? "danger" : "primary"}
            disabled={busy}
            onClick={() => void go()}
          >
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
