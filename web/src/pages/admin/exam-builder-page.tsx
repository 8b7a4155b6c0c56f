import type { AdminExam, AdminQuestion } from "@imtihon/client-sdk/protocol";
import { useState, type FormEvent } from "react";
import { ApiError } from "../../api/http.ts";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { describeError } from "../../components/describe-error.ts";
import { Layout, Status } from "../../components/layout.tsx";
import { useT } from "../../i18n/i18n.tsx";
import { navigate } from "../../router.tsx";
import { useSubjects } from "./subjects.ts";

interface SectionDraft {
  key: number;
  title: string;
  subjectId: string;
  pointsPerQuestion: string;
  questionIds: string[];
}

let nextKey = 1;
const emptySection = (): SectionDraft => ({
  key: nextKey++,
  title: "",
  subjectId: "",
  pointsPerQuestion: "1",
  questionIds: [],
});

/** Build an exam from sections of questions (one subject each); it is saved as a draft. */
export function ExamBuilderPage() {
  const t = useT();
  const { auth } = useAuth();
  const { subjects, directions } = useSubjects();
  const [sections, setSections] = useState<SectionDraft[]>(() => [emptySection()]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const update = (key: number, patch: Partial<SectionDraft>) =>
    setSections((all) => all.map((s) => (s.key === key ? { ...s, ...patch } : s)));

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const body = {
      title: String(f.get("title")),
      ...(f.get("directionId") ? { directionId: String(f.get("directionId")) } : {}),
      mode: String(f.get("mode")) as "self_paced" | "live",
      durationSeconds: Math.round(Number(f.get("minutes")) * 60),
      review: String(f.get("review")) as "none" | "score" | "full",
      shuffleQuestions: f.get("shuffleQuestions") === "on",
      shuffleOptions: f.get("shuffleOptions") === "on",
      sections: sections.map((s) => ({
        title: s.title,
        ...(s.subjectId ? { subjectId: s.subjectId } : {}),
        questionIds: s.questionIds,
        pointsPerQuestion: Number(s.pointsPerQuestion),
      })),
    };
    setBusy(true);
    setError(null);
    try {
      await auth.api<{ exam: AdminExam }>("/admin/exams", { method: "POST", body });
      navigate("/admin/exams");
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === "invalid_payload"
          ? `${err.message} ${JSON.stringify(err.details ?? "").slice(0, 400)}`
          : describeError(t, err),
      );
    } finally {
      setBusy(false);
    }
  };

  return (
    <Layout wide>
      <h1>{t("builder.title")}</h1>
      <form onSubmit={(e) => void submit(e)} className="stack">
        <div className="card form-grid">
          <label>
            {t("builder.examTitle")}
            <input name="title" required maxLength={300} />
          </label>
          <label>
            {t("builder.direction")}
            <select name="directionId" defaultValue="">
              <option value="">—</option>
              {directions.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("builder.mode")}
            <select name="mode" defaultValue="self_paced">
              <option value="self_paced">{t("builder.selfPaced")}</option>
              <option value="live">{t("builder.live")}</option>
            </select>
          </label>
          <label>
            {t("builder.minutes")}
            <input name="minutes" type="number" min={1} max={1440} step="any" defaultValue={60} required />
          </label>
          <label>
            {t("builder.review")}
            <select name="review" defaultValue="score">
              <option value="none">{t("builder.reviewNone")}</option>
              <option value="score">{t("builder.reviewScore")}</option>
              <option value="full">{t("builder.reviewFull")}</option>
            </select>
          </label>
          <label className="check">
            <input name="shuffleQuestions" type="checkbox" /> {t("builder.shuffleQuestions")}
          </label>
          <label className="check">
            <input name="shuffleOptions" type="checkbox" /> {t("builder.shuffleOptions")}
          </label>
        </div>

        {sections.map((s, i) => (
          <SectionEditor
            key={s.key}
            index={i}
            section={s}
            subjects={subjects}
            onChange={(patch) => update(s.key, patch)}
            onRemove={
              sections.length > 1 ? () => setSections((all) => all.filter((x) => x.key !== s.key)) : undefined
            }
          />
        ))}
        <div className="row">
          <button type="button" onClick={() => setSections((all) => [...all, emptySection()])}>
            {t("builder.addSection")}
          </button>
          <button type="submit" className="primary" disabled={busy}>
            {t("builder.create")}
          </button>
        </div>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </Layout>
  );
}

function SectionEditor(props: {
  index: number;
  section: SectionDraft;
  subjects: { id: string; name: string; code: string }[];
  onChange: (patch: Partial<SectionDraft>) => void;
  onRemove: (() => void) | undefined;
}) {
  const t = useT();
  const { section: s, onChange } = props;
  const questions = useApi<{ items: AdminQuestion[] }>(
    s.subjectId ? `/admin/questions?subjectId=${encodeURIComponent(s.subjectId)}&limit=1000` : null,
  );
  const items = questions.data?.items ?? [];
  const chosen = new Set(s.questionIds);
  const toggle = (id: string) =>
    onChange({
      questionIds: chosen.has(id) ? s.questionIds.filter((q) => q !== id) : [...s.questionIds, id],
    });
  const legend = t("builder.section", { n: props.index + 1 });
  return (
    <fieldset className="card">
      <legend>{legend}</legend>
      <div className="form-grid">
        <label>
          {t("builder.sectionTitle")}
          <input
            value={s.title}
            onChange={(e) => onChange({ title: e.target.value })}
            required
            maxLength={200}
          />
        </label>
        <label>
          {t("builder.subject")}
          <select
            value={s.subjectId}
            onChange={(e) => {
              const subject = props.subjects.find((x) => x.id === e.target.value);
              onChange({ subjectId: e.target.value, questionIds: [], title: s.title || subject?.name || "" });
            }}
            required
          >
            <option value="">—</option>
            {props.subjects.map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t("builder.points")}
          <input
            type="number"
            min={0}
            max={1000}
            step={0.01}
            value={s.pointsPerQuestion}
            onChange={(e) => onChange({ pointsPerQuestion: e.target.value })}
            required
          />
        </label>
      </div>
      <Status loading={questions.loading} error={questions.error} />
      {s.subjectId && (
        <>
          <div className="row">
            <span>{t("builder.chosen", { n: s.questionIds.length, total: items.length })}</span>
            <button type="button" onClick={() => onChange({ questionIds: items.map((q) => q.id) })}>
              {t("builder.selectAll")}
            </button>
            <button type="button" onClick={() => onChange({ questionIds: [] })}>
              {t("builder.selectNone")}
            </button>
            {props.onRemove && (
              <button type="button" className="danger" onClick={props.onRemove}>
                {t("builder.removeSection")}
              </button>
            )}
          </div>
          <ul className="pick-list" aria-label={t("builder.questionsOf", { section: legend })}>
            {items.map((q) => (
              <li key={q.id}>
                <label className="check">
                  <input type="checkbox" checked={chosen.has(q.id)} onChange={() => toggle(q.id)} />
                  <span className="clip">{q.stem}</span>
                </label>
              </li>
            ))}
          </ul>
        </>
      )}
    </fieldset>
  );
}
