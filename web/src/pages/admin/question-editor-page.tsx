import { createQuestionsBody } from "@imtihon/client-sdk/protocol";
import { useState } from "react";
import { useAuth } from "../../auth/auth-context.tsx";
import { check, IssueList } from "../../components/form-errors.tsx";
import { Layout } from "../../components/layout.tsx";
import { FigureUpload } from "../../content/figure-upload.tsx";
import { QuestionPreview } from "../../content/question-preview.tsx";
import { describeError, type Issue } from "../../i18n/errors.ts";
import { useT } from "../../i18n/i18n.tsx";
import { useSubjects } from "./subjects.ts";

const IDS = ["a", "b", "c", "d"] as const;
const LETTERS = "ABCD";
/** Where an uploaded figure goes: the stem or one of the options. */
type Target = "stem" | (typeof IDS)[number];

/** Write one question in the documented markup and see it as the student will, at two widths. */
export function QuestionEditorPage() {
  const t = useT();
  const { auth } = useAuth();
  const { subjects } = useSubjects();
  const [subjectId, setSubjectId] = useState("");
  const [kind, setKind] = useState<"single" | "multiple">("single");
  const [stem, setStem] = useState("");
  const [options, setOptions] = useState<Record<string, string>>({ a: "", b: "", c: "", d: "" });
  const [correct, setCorrect] = useState<string[]>(["a"]);
  const [target, setTarget] = useState<Target>("stem");
  const [issues, setIssues] = useState<Issue[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);

  const insert = (markup: string) => {
    const add = (text: string) => (text.trim() ? `${text.trimEnd()}\n\n${markup}` : markup);
    if (target === "stem") setStem(add);
    else setOptions((o) => ({ ...o, [target]: `${o[target] ?? ""} ${markup}`.trim() }));
  };
  const toggle = (id: string) =>
    setCorrect((now) =>
      kind === "single" ? [id] : now.includes(id) ? now.filter((x) => x !== id) : [...now, id],
    );

  const save = async () => {
    setSaved(false);
    setError(null);
    const item = {
      subjectId,
      kind,
      stem,
      options: IDS.map((id) => ({ id, text: options[id] ?? "" })),
      correct,
    };
    const parsed = check(createQuestionsBody, { items: [item] });
    if (!parsed.ok) return setIssues(parsed.issues);
    setIssues([]);
    try {
      await auth.api("/admin/questions", { method: "POST", body: parsed.data });
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  };

  return (
    <Layout wide>
      <h1>{t("editor.title")}</h1>
      <p className="muted">{t("editor.help")}</p>
      <div className="editor-grid">
        <div className="card stack">
          <label>
            {t("editor.subject")}
            <select value={subjectId} onChange={(e) => setSubjectId(e.target.value)}>
              <option value="" />
              {subjects.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("editor.kind")}
            <select
              value={kind}
              onChange={(e) => {
                setKind(e.target.value as "single" | "multiple");
                setCorrect((c) => c.slice(0, 1));
              }}
            >
              <option value="single">{t("editor.single")}</option>
              <option value="multiple">{t("editor.multiple")}</option>
            </select>
          </label>
          <label>
            {t("markupEditor.stem")}
            <textarea rows={6} value={stem} onChange={(e) => setStem(e.target.value)} />
          </label>
          {IDS.map((id, i) => (
            <div key={id} className="editor-option">
              <label>
                {t("editor.option", { letter: LETTERS[i]! })}
                <input
                  type="text"
                  value={options[id] ?? ""}
                  onChange={(e) => setOptions((o) => ({ ...o, [id]: e.target.value }))}
                />
              </label>
              <label className="inline">
                <input
                  type={kind === "single" ? "radio" : "checkbox"}
                  name="correct"
                  checked={correct.includes(id)}
                  onChange={() => toggle(id)}
                />{" "}
                {t("editor.correct")}
              </label>
            </div>
          ))}
          <fieldset className="stack">
            <legend>{t("editor.figureFor")}</legend>
            <select
              value={target}
              onChange={(e) => setTarget(e.target.value as Target)}
              aria-label={t("editor.figureFor")}
            >
              <option value="stem">{t("markupEditor.stem")}</option>
              {IDS.map((id, i) => (
                <option key={id} value={id}>
                  {t("editor.option", { letter: LETTERS[i]! })}
                </option>
              ))}
            </select>
            <FigureUpload onInsert={insert} />
          </fieldset>
          <IssueList issues={issues} />
          {error !== null && (
            <p role="alert" className="error">
              {describeError(t, error)}
            </p>
          )}
          {saved && (
            <p role="status" className="ok">
              {t("markupEditor.saved")}
            </p>
          )}
          <button type="button" className="primary" onClick={() => void save()}>
            {t("markupEditor.save")}
          </button>
        </div>
        <section aria-label={t("markupEditor.preview")}>
          <h2>{t("markupEditor.preview")}</h2>
          <QuestionPreview
            question={{
              id: "preview",
              kind,
              stem: stem || "…",
              options: IDS.map((id) => ({ id, text: options[id] || "…" })),
              section: subjects.find((s) => s.id === subjectId)?.name ?? "",
              points: 1,
            }}
          />
        </section>
      </div>
    </Layout>
  );
}
