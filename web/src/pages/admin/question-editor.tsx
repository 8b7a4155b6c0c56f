import {
  DIFFICULTIES,
  QUESTION_KINDS,
  parseNumeric,
  questionInput,
  updateQuestionBody,
  type AdminQuestion,
  type Difficulty,
  type QuestionKind,
  type Topic,
} from "@imtihon/client-sdk/protocol";
import { useState, type FormEvent, type ReactNode } from "react";
import { useAuth } from "../../auth/auth-context.tsx";
import { check, FieldError, IssueList } from "../../components/form-errors.tsx";
import { describeError, type Issue } from "../../i18n/errors.ts";
import { useT, type MessageKey } from "../../i18n/i18n.tsx";

const LETTERS = "ABCDEFGHIJKLMNOPQRST";
type Item = { id: string; text: string };

interface Draft {
  kind: QuestionKind;
  stem: string;
  explanation: string;
  difficulty: Difficulty | "";
  topicIds: string[];
  options: Item[];
  correct: string[];
  value: string;
  tolerance: string;
  accepted: string;
  left: Item[];
  right: Item[];
  /** left id → right id */
  pairs: Record<string, string>;
}

const items = (prefix: string, n: number): Item[] =>
  Array.from({ length: n }, (_, i) => ({ id: prefix ? `${prefix}${i + 1}` : "abcdefghij"[i]!, text: "" }));

function draftOf(q: AdminQuestion | undefined): Draft {
  return {
    kind: q?.kind ?? "single",
    stem: q?.stem ?? "",
    explanation: q?.explanation ?? "",
    difficulty: q?.difficulty ?? "",
    topicIds: q?.topicIds ?? [],
    options: q && q.options.length ? q.options : items("", 4),
    correct: q?.correct ?? [],
    value: q?.answer ? String(q.answer.value) : "",
    tolerance: q?.answer?.tolerance ? String(q.answer.tolerance) : "",
    accepted: (q?.accepted ?? []).join("\n"),
    left: q?.left ?? items("l", 3),
    right: q?.right ?? items("r", 3),
    pairs: Object.fromEntries(q?.pairs ?? []),
  };
}

/** The request body for the draft's kind (the schema says what is wrong with it). */
function bodyOf(d: Draft) {
  const common = {
    kind: d.kind,
    stem: d.stem,
    ...(d.explanation.trim() ? { explanation: d.explanation } : {}),
    ...(d.difficulty ? { difficulty: d.difficulty } : {}),
    topicIds: d.topicIds,
  };
  switch (d.kind) {
    case "single":
    case "multiple":
      return { ...common, options: d.options, correct: d.correct };
    case "numeric": {
      const tolerance = d.tolerance.trim() ? parseNumeric(d.tolerance) : null;
      return {
        ...common,
        answer: {
          value: parseNumeric(d.value) ?? Number.NaN,
          ...(d.tolerance.trim() ? { tolerance: tolerance ?? Number.NaN } : {}),
        },
      };
    }
    case "short_text":
      return {
        ...common,
        accepted: d.accepted
          .split("\n")
          .map((s) => s.trim())
          .filter(Boolean),
      };
    case "matching":
      return {
        ...common,
        left: d.left,
        right: d.right,
        pairs: d.left.flatMap((l) => (d.pairs[l.id] ? [[l.id, d.pairs[l.id]!]] : [])),
      };
  }
}

/**
 * Creates a question in a subject, or edits one (all kinds). Saving a question that a published
 * exam uses makes its next version: the author is told, and results already given stay as they were.
 */
export function QuestionEditor(props: {
  subjectId: string;
  topics: Topic[];
  question?: AdminQuestion;
  onSaved: (q: { id: string; version?: number; newVersion: boolean }) => void;
  onCancel: () => void;
}) {
  const t = useT();
  const { auth } = useAuth();
  const [d, setD] = useState<Draft>(() => draftOf(props.question));
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const set = (patch: Partial<Draft>) => setD((x) => ({ ...x, ...patch }));
  const setList = (which: "options" | "left" | "right", list: Item[]) =>
    setD((x) => ({
      ...x,
      [which]: list,
      correct: x.correct.filter((c) => x.kind === "matching" || list.some((o) => o.id === c)),
    }));
  const editing = props.question;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = bodyOf(d);
    const parsed = editing
      ? check(updateQuestionBody, body)
      : check(questionInput, { ...body, subjectId: props.subjectId });
    setIssues(parsed.ok ? [] : parsed.issues);
    setError(null);
    if (!parsed.ok) return;
    setBusy(true);
    try {
      if (editing) {
        const res = await auth.api<{ question: AdminQuestion }>(`/admin/questions/${editing.id}`, {
          method: "PUT",
          body,
        });
        props.onSaved({
          id: res.question.id,
          version: res.question.version,
          newVersion: res.question.id !== editing.id,
        });
      } else {
        const res = await auth.api<{ ids: string[] }>("/admin/questions", {
          method: "POST",
          body: { items: [{ ...body, subjectId: props.subjectId }] },
        });
        props.onSaved({ id: res.ids[0]!, newVersion: false });
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  const itemList = (
    which: "options" | "left" | "right",
    label: (i: number) => string,
    prefix: string,
    extra?: (item: Item, i: number) => ReactNode,
  ) => (
    <ol className="editor-items">
      {d[which].map((o, i) => (
        <li key={o.id} className="row">
          <label className="grow">
            {label(i)}
            <input
              value={o.text}
              maxLength={2000}
              onChange={(e) =>
                setList(
                  which,
                  d[which].map((x) => (x.id === o.id ? { ...x, text: e.target.value } : x)),
                )
              }
            />
            <FieldError issues={issues} path={`${which}.${i}.text`} id={`ed-${which}-${i}`} />
          </label>
          {extra?.(o, i)}
          {d[which].length > 2 && (
            <button
              type="button"
              onClick={() =>
                setList(
                  which,
                  d[which].filter((x) => x.id !== o.id),
                )
              }
            >
              {t("editor.remove")}
            </button>
          )}
        </li>
      ))}
      {d[which].length < (which === "options" ? 10 : 20) && (
        <li>
          <button
            type="button"
            onClick={() => {
              const used = new Set(d[which].map((x) => x.id));
              let n = d[which].length + 1;
              const next = () => (prefix ? `${prefix}${n}` : ("abcdefghij"[n - 1] ?? `o${n}`));
              while (used.has(next())) n++;
              setList(which, [...d[which], { id: next(), text: "" }]);
            }}
          >
            {which === "options"
              ? t("editor.addOption")
              : which === "left"
                ? t("editor.addLeft")
                : t("editor.addRight")}
          </button>
        </li>
      )}
    </ol>
  );

  return (
    <form className="card stack" onSubmit={(e) => void submit(e)} noValidate data-testid="question-editor">
      <h2>{editing ? t("editor.titleEdit") : t("editor.titleNew")}</h2>
      <div className="form-grid">
        <label>
          {t("bank.kind")}
          <select value={d.kind} onChange={(e) => set({ kind: e.target.value as QuestionKind, correct: [] })}>
            {QUESTION_KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`kind.${k}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("bank.difficulty")}
          <select
            value={d.difficulty}
            onChange={(e) => set({ difficulty: e.target.value as Difficulty | "" })}
          >
            <option value="">{t("bank.none")}</option>
            {DIFFICULTIES.map((x) => (
              <option key={x} value={x}>
                {t(`difficulty.${x}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <label>
        {t("editor.stem")}
        <textarea
          rows={4}
          value={d.stem}
          maxLength={10_000}
          onChange={(e) => set({ stem: e.target.value })}
        />
        <FieldError issues={issues} path="stem" id="ed-stem" />
      </label>

      {(d.kind === "single" || d.kind === "multiple") && (
        <fieldset>
          <legend>{t("editor.options")}</legend>
          {itemList(
            "options",
            (i) => t("editor.optionText", { letter: LETTERS[i] ?? "" }),
            "",
            (o) => (
              <label className="check">
                <input
                  type={d.kind === "single" ? "radio" : "checkbox"}
                  name="correct"
                  checked={d.correct.includes(o.id)}
                  onChange={() =>
                    set({
                      correct:
                        d.kind === "single"
                          ? [o.id]
                          : d.correct.includes(o.id)
                            ? d.correct.filter((c) => c !== o.id)
                            : [...d.correct, o.id],
                    })
                  }
                />{" "}
                {t("editor.optionCorrect")}
              </label>
            ),
          )}
          <FieldError issues={issues} path="correct" id="ed-correct" />
        </fieldset>
      )}

      {d.kind === "numeric" && (
        <div className="form-grid">
          <label>
            {t("editor.answerValue")}
            <input inputMode="decimal" value={d.value} onChange={(e) => set({ value: e.target.value })} />
            <FieldError issues={issues} path="answer.value" id="ed-value" />
          </label>
          <label>
            {t("editor.tolerance")}
            <input
              inputMode="decimal"
              value={d.tolerance}
              onChange={(e) => set({ tolerance: e.target.value })}
            />
            <FieldError issues={issues} path="answer.tolerance" id="ed-tolerance" />
          </label>
        </div>
      )}

      {d.kind === "short_text" && (
        <label>
          {t("editor.accepted")}
          <textarea rows={3} value={d.accepted} onChange={(e) => set({ accepted: e.target.value })} />
          <span className="hint-text">{t("editor.acceptedHint")}</span>
          <FieldError issues={issues} path="accepted" id="ed-accepted" />
        </label>
      )}

      {d.kind === "matching" && (
        <>
          <fieldset>
            <legend>{t("editor.right")}</legend>
            {itemList("right", (i) => `${LETTERS[i] ?? ""}`, "r")}
          </fieldset>
          <fieldset>
            <legend>{t("editor.left")}</legend>
            {itemList(
              "left",
              (i) => t("editor.leftText", { n: i + 1 }),
              "l",
              (l, i) => (
                <label>
                  {t("editor.pairOf", { n: i + 1 })}
                  <select
                    value={d.pairs[l.id] ?? ""}
                    onChange={(e) => set({ pairs: { ...d.pairs, [l.id]: e.target.value } })}
                  >
                    <option value="">—</option>
                    {d.right.map((r, j) => (
                      <option key={r.id} value={r.id}>
                        {LETTERS[j]}. {r.text}
                      </option>
                    ))}
                  </select>
                </label>
              ),
            )}
            <FieldError issues={issues} path="pairs" id="ed-pairs" />
          </fieldset>
        </>
      )}

      <label>
        {t("editor.explanation")}
        <textarea
          rows={2}
          value={d.explanation}
          maxLength={10_000}
          onChange={(e) => set({ explanation: e.target.value })}
        />
      </label>
      {props.topics.length > 0 && (
        <fieldset>
          <legend>{t("editor.topics")}</legend>
          <ul className="pick-list">
            {props.topics.map((topic) => (
              <li key={topic.id}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={d.topicIds.includes(topic.id)}
                    onChange={() =>
                      set({
                        topicIds: d.topicIds.includes(topic.id)
                          ? d.topicIds.filter((x) => x !== topic.id)
                          : [...d.topicIds, topic.id],
                      })
                    }
                  />{" "}
                  {topic.path.join(" › ")}
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
      )}
      <IssueList issues={issues} />
      {error !== null && (
        <p role="alert" className="error">
          {describeError(t, error)}
        </p>
      )}
      <div className="row">
        <button type="submit" className="primary" disabled={busy}>
          {t("editor.save")}
        </button>
        <button type="button" onClick={props.onCancel}>
          {t("common.cancel")}
        </button>
      </div>
    </form>
  );
}
