import type { AnswerResponse, QuestionView } from "@imtihon/client-sdk/protocol";
import { useEffect, useRef, useState } from "react";
import { uzLetters } from "../i18n/format.ts";
import { chosenIds, pairsOf, typedResponse, typedValue, withPair } from "./responses.ts";
import type { SaveState } from "@imtihon/client-sdk";
import { preloadRichText, RichText } from "../content/rich-text.tsx";
import { useFormatPoints, useT, type MessageKey } from "../i18n/i18n.tsx";

const LETTERS = "ABCDEFGHIJKLMNOPQRST";
// The formula renderer downloads while the room connects, not after the first question arrives.
void preloadRichText().catch(() => {});
const SAVE_KEYS: Record<SaveState, MessageKey> = {
  idle: "room.save.idle",
  saving: "room.save.saving",
  saved: "room.save.saved",
  queued: "room.save.queued",
  error: "room.save.error",
};

/**
 * One question: stem, then by kind options as native radios or checkboxes (A, B, C…), a typed answer
 * (numeric, short text), or one native select per left item (matching); and its save state.
 */
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
  /** A whole answer of a typed or matching question. */
  onAnswer: (response: AnswerResponse) => void;
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
      <RichText className="stem" text={uzLetters(q.stem)} />
      {q.kind === "single" || q.kind === "multiple" ? (
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
              <RichText inline className="option-text" text={uzLetters(o.text)} />
            </label>
          ))}
        </fieldset>
      ) : q.kind === "matching" ? (
        <MatchingAnswer
          question={q}
          response={props.response}
          disabled={props.disabled}
          onAnswer={props.onAnswer}
        />
      ) : (
        <TypedAnswer
          question={q}
          response={props.response}
          disabled={props.disabled}
          onAnswer={props.onAnswer}
        />
      )}
      <p className={`save-state save-${props.saveState}`} role="status" data-testid="save-state">
        {props.saveState === "queued" && props.connected
          ? t("room.save.retry")
          : t(SAVE_KEYS[props.saveState])}
      </p>
    </section>
  );
}

/** Typing pauses this long before the answer is saved; leaving the field or Enter saves at once. */
const TYPING_PAUSE_MS = 700;

/**
 * A numeric or short text answer: one text field (a numeric one opens the decimal keypad and takes
 * `0,5`, `0.5`, `1/2`). A numeric text that is not a number is explained and never sent.
 */
function TypedAnswer(props: {
  question: QuestionView;
  response: AnswerResponse | undefined;
  disabled: boolean;
  onAnswer: (response: AnswerResponse) => void;
}) {
  const t = useT();
  const { question: q } = props;
  const numeric = q.kind === "numeric";
  const [text, setText] = useState(() => typedValue(props.response));
  const [touched, setTouched] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const sent = useRef(typedValue(props.response).trim());
  const checked = typedResponse(q.kind, text);
  const commit = (value: string) => {
    clearTimeout(timer.current);
    const r = typedResponse(q.kind, value);
    if (!r.ok || !("value" in r.response) || r.response.value === sent.current) return;
    sent.current = r.response.value;
    props.onAnswer(r.response);
  };
  // Leaving the question while a save still waits for the typing pause sends it now.
  const pending = useRef<() => void>(() => undefined);
  pending.current = () => commit(text);
  useEffect(() => () => pending.current(), []);
  const inputId = `a-${q.id}`;
  const hintId = `a-${q.id}-hint`;
  const invalid = touched && !checked.ok && checked.reason === "not_a_number";
  return (
    <div className="typed-answer">
      <label htmlFor={inputId} className="typed-label">
        {numeric ? t("items.numericLabel") : t("items.textLabel")}
      </label>
      <input
        id={inputId}
        type="text"
        inputMode={numeric ? "decimal" : "text"}
        autoComplete="off"
        autoCapitalize="off"
        autoCorrect="off"
        spellCheck={false}
        maxLength={200}
        value={text}
        disabled={props.disabled}
        aria-invalid={invalid}
        aria-describedby={hintId}
        data-testid="typed-answer"
        onChange={(e) => {
          const v = e.target.value;
          setText(v);
          setTouched(true);
          clearTimeout(timer.current);
          timer.current = setTimeout(() => commit(v), TYPING_PAUSE_MS);
        }}
        onBlur={() => commit(text)}
        onKeyDown={(e) => {
          if (e.key === "Enter") commit(text);
        }}
      />
      <p id={hintId} className={invalid ? "field-error" : "hint-text"} role={invalid ? "alert" : undefined}>
        {invalid ? t("items.notANumber") : numeric ? t("items.numericHint") : t("items.textHint")}
      </p>
    </div>
  );
}

/**
 * Matching: the right items as a lettered list, and for each left item a native select of them
 * (labelled by the left item, so a screen reader says what is being paired); choosing the empty entry
 * clears that pair. Native selects work with any keyboard and at 360 px.
 */
function MatchingAnswer(props: {
  question: QuestionView;
  response: AnswerResponse | undefined;
  disabled: boolean;
  onAnswer: (response: AnswerResponse) => void;
}) {
  const t = useT();
  const { question: q } = props;
  const pairs = pairsOf(props.response);
  const right = q.right ?? [];
  return (
    <fieldset className="matching" disabled={props.disabled}>
      <legend>{t("items.matchingLegend")}</legend>
      <ol className="match-right" aria-label={t("items.matchingRight")}>
        {right.map((r, j) => (
          <li key={r.id}>
            <span className="letter" aria-hidden="true">
              {LETTERS[j]}
            </span>
            <span>{uzLetters(r.text)}</span>
          </li>
        ))}
      </ol>
      {(q.left ?? []).map((l, i) => {
        const id = `m-${q.id}-${l.id}`;
        return (
          <div key={l.id} className={pairs.has(l.id) ? "match-row chosen" : "match-row"}>
            <label htmlFor={id} className="match-left">
              <span className="match-n">{i + 1}.</span> {uzLetters(l.text)}
            </label>
            <select
              id={id}
              value={pairs.get(l.id) ?? ""}
              data-testid="match-select"
              onChange={(e) => props.onAnswer(withPair(q, props.response, l.id, e.target.value))}
            >
              <option value="">{t("items.matchingChoose")}</option>
              {right.map((r, j) => (
                <option key={r.id} value={r.id}>
                  {LETTERS[j]}. {uzLetters(r.text)}
                </option>
              ))}
            </select>
          </div>
        );
      })}
    </fieldset>
  );
}
