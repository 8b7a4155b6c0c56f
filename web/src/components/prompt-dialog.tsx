import { useState, type FormEvent } from "react";
import { useT } from "../i18n/i18n.tsx";
import { describeError } from "./describe-error.ts";

/** A small modal form with one text field; stays open and shows the error when `onSubmit` throws. */
export function PromptDialog(props: {
  title: string;
  label: string;
  submitLabel: string;
  initial?: string;
  danger?: boolean;
  onSubmit: (text: string) => Promise<unknown>;
  onClose: () => void;
}) {
  const t = useT();
  const [text, setText] = useState(props.initial ?? "");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await props.onSubmit(text.trim());
      props.onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === "Escape" && props.onClose()}>
      <form
        className="modal card stack"
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        onSubmit={submit}
        noValidate
      >
        <h2>{props.title}</h2>
        <label>
          {props.label}
          <textarea
            value={text}
            onChange={(e) => setText(e.target.value)}
            required
            maxLength={1000}
            rows={3}
            autoFocus
          />
        </label>
        {error !== null && (
          <p role="alert" className="error">
            {describeError(t, error)}
          </p>
        )}
        <div className="row">
          <button type="button" onClick={props.onClose}>
            {t("common.cancel")}
          </button>
          <button
            type="submit"
            className={props.danger ? "danger" : "primary"}
            disabled={busy || !text.trim()}
          >
            {props.submitLabel}
          </button>
        </div>
      </form>
    </div>
  );
}
