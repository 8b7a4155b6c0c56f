import type { AnswerResponse, QuestionView } from "@imtihon/client-sdk/protocol";
import { uzLetters } from "../i18n/format.ts";
import { chosenIds } from "./responses.ts";
import type { SaveState } from "@imtihon/client-sdk";
import { preloadRichText, RichText } from "../content/rich-text.tsx";
import { useFormatPoints, useT, type MessageKey } from "../i18n/i18n.tsx";

const LETTERS = "ABCDEFGHIJ";
// The formula renderer downloads while the room connects, not after the first question arrives.
void preloadRichText().catch(() => {});
const SAVE_KEYS: Record<SaveState, MessageKey> = {
  idle: "room.save.idle",
  saving: "room.save.saving",
  saved: "room.save.saved",
  queued: "room.save.queued",
  error: "room.save.error",
};

/** One question: stem, options as native radios or checkboxes (A, B, C…), and its save state. */
export function QuestionCard(props: {
  question: QuestionView;
  index: number;
  total: number;
  response: AnswerResponse | undefined;
  saveState: SaveState;
  flagged: boolean;
  disabled: boolean;
  /** Whether the socket is up: a queued save then waits for a retry, not for the network. */
  connected: boolean;
  onPick: (optionId: string) => void;
  onToggleFlag: () => void;
}) {
  const t = useT();
  const fp = useFormatPoints();
  const { question: q } = props;
  const chosen = new Set(chosenIds(props.response));
  const headingId = `q-${q.id}-title`;
  return (
    <section className="card question" aria-labelledby={headingId} data-question-id={q.id}>
      <div className="question-head">
        <h2 id={headingId}>
          {t("room.question", { n: props.index + 1, total: props.total })}
          <span className="muted question-meta">
            {" "}
            · {uzLetters(q.section)} · {t("room.pointsN", { points: fp(q.points), count: q.points })}
          </span>
        </h2>
        <button
          type="button"
          className={props.flagged ? "flag on" : "flag"}
          aria-pressed={props.flagged}
          onClick={props.onToggleFlag}
        >
          ⚑ {props.flagged ? t("room.unflag") : t("room.flag")}
        </button>
      </div>
      <RichText className="stem" text={q.stem} />
      <fieldset className="options" disabled={props.disabled}>
        <legend>{q.kind === "single" ? t("room.single") : t("room.multiple")}</legend>
        {q.options.map((o, i) => (
          <label key={o.id} className={chosen.has(o.id) ? "option chosen" : "option"}>
            <input
              type={q.kind === "single" ? "radio" : "checkbox"}
              name={`q-${q.id}`}
              value={o.id}
              checked={chosen.has(o.id)}
              onChange={() => props.onPick(o.id)}
            />
            <span className="letter" aria-hidden="true">
              {LETTERS[i]}
            </span>
            <RichText inline className="option-text" text={o.text} />
          </label>
        ))}
      </fieldset>
      <p className={`save-state save-${props.saveState}`} role="status" data-testid="save-state">
        {props.saveState === "queued" && props.connected
          ? t("room.save.retry")
          : t(SAVE_KEYS[props.saveState])}
      </p>
    </section>
  );
}
