import {
  createExamBody,
  type AdminExam,
  type AdminQuestion,
  type AuthoringWarning,
} from "@imtihon/client-sdk/protocol";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { check, FieldError, IssueList } from "../../components/form-errors.tsx";
import { Layout, Status } from "../../components/layout.tsx";
import { describeError, type Issue } from "../../i18n/errors.ts";
import { localInputToIso, parseDecimal, timeZone } from "../../i18n/format.ts";
import { useT } from "../../i18n/i18n.tsx";
import { Link, navigate } from "../../router.tsx";
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
  const [error, setError] = useState<unknown>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [busy, setBusy] = useState(false);
  // Saved, with a warning the author should read before moving on (the answer key is shared).
  const [sharedKey, setSharedKey] = useState<AuthoringWarning | null>(null);
  const [review, setReview] = useState<"none" | "score" | "full">("score");

  const update = (key: number, patch: Partial<SectionDraft>) =>
    setSections((all) => all.map((s) => (s.key === key ? { ...s, ...patch } : s)));

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (name: string) => String(f.get(name) ?? "").trim();
    // Decimals typed the local way ("1,1") are read as numbers here; the schema checks the rest.
    const minutes = parseDecimal(text("minutes"));
    const opensAt = localInputToIso(text("opensAt"));
    const closesAt = localInputToIso(text("closesAt"));
    const body = {
      title: text("title"),
      ...(text("directionId") ? { directionId: text("directionId") } : {}),
      mode: text("mode") as "self_paced" | "live",
      durationSeconds: minutes === null ? Number.NaN : Math.round(minutes * 60),
      review: text("review") as "none" | "score" | "full",
      shuffleQuestions: f.get("shuffleQuestions") === "on",
      shuffleOptions: f.get("shuffleOptions") === "on",
      certificate: f.get("certificate") === "on",
      ...(opensAt ? { opensAt } : {}),
      ...(closesAt ? { closesAt } : {}),
      ...(text("maxAttempts") ? { maxAttempts: parseDecimal(text("maxAttempts")) ?? Number.NaN } : {}),
      sections: sections.map((s) => ({
        title: s.title,
        ...(s.subjectId ? { subjectId: s.subjectId } : {}),
        questionIds: s.questionIds,
        pointsPerQuestion: parseDecimal(s.pointsPerQuestion) ?? Number.NaN,
      })),
    };
    const parsed = check(createExamBody, body);
    const found = parsed.ok ? [] : [...parsed.issues];
    // "Full" review opens only once no open exam holds its questions (spent attempts do not count: a
    // throwaway account could use them up): a self-paced exam that never closes would never show it.
    if (body.review === "full" && body.mode === "self_paced" && !closesAt)
      found.push({ code: "custom", path: ["closesAt"], message: "full review needs a limit" });
    setError(null);
    setIssues(found);
    if (found.length) return;
    setBusy(true);
    setError(null);
    try {
      const res = await auth.api<{ exam: AdminExam; warnings?: AuthoringWarning[] }>("/admin/exams", {
        method: "POST",
        body,
      });
      const shared = res.warnings?.find((w) => w.code === "key_shared_with_open_exam");
      if (shared) setSharedKey(shared);
      else navigate("/admin/exams");
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Layout wide>
      <h1>{t("builder.title")}</h1>
      <form onSubmit={(e) => void submit(e)} className="stack" noValidate>
        <div className="card form-grid">
          <label>
            {t("builder.examTitle")}
            <input name="title" maxLength={300} aria-describedby="exam-title-error" />
            <FieldError issues={issues} path="title" id="exam-title-error" />
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
            <input
              name="minutes"
              inputMode="decimal"
              defaultValue="60"
              aria-describedby="exam-minutes-error"
            />
            <FieldError issues={issues} path="durationSeconds" id="exam-minutes-error" />
          </label>
          <label>
            {t("builder.opensAt")}
            <input name="opensAt" type="datetime-local" />
          </label>
          <label>
            {t("builder.closesAt")}
            <input
              name="closesAt"
              type="datetime-local"
              aria-describedby="exam-closes-error exam-times-hint"
            />
            <FieldError issues={issues} path="closesAt" id="exam-closes-error" />
            <span className="hint-text" id="exam-times-hint">
              {t("builder.timesHint", {
                zone: Intl.DateTimeFormat().resolvedOptions().timeZone ?? timeZone(),
              })}
            </span>
          </label>
          <label>
            {t("builder.maxAttempts")}
            <input name="maxAttempts" inputMode="numeric" aria-describedby="exam-attempts-error" />
            <FieldError issues={issues} path="maxAttempts" id="exam-attempts-error" />
          </label>
          <label>
            {t("builder.review")}
            <select
              name="review"
              value={review}
              onChange={(e) => setReview(e.target.value as typeof review)}
              aria-describedby="exam-review-help"
            >
              <option value="none">{t("builder.reviewNone")}</option>
              <option value="score">{t("builder.reviewScore")}</option>
              <option value="full">{t("builder.reviewFull")}</option>
            </select>
            <span className="hint-text" id="exam-review-help" data-testid="review-help">
              {review === "none"
                ? t("builder.reviewHelpNone")
                : review === "score"
                  ? t("builder.reviewHelpScore")
                  : t("builder.reviewHelpFull")}
            </span>
          </label>
          <label className="check">
            <input name="shuffleQuestions" type="checkbox" /> {t("builder.shuffleQuestions")}
          </label>
          <label className="check">
            <input name="shuffleOptions" type="checkbox" /> {t("builder.shuffleOptions")}
          </label>
          <label className="check">
            <input name="certificate" type="checkbox" /> {t("insights.builderCertificate")}
          </label>
        </div>

        {sections.map((s, i) => (
          <SectionEditor
            key={s.key}
            index={i}
            section={s}
            issues={issues}
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
        <IssueList issues={issues} title={t("builder.fixErrors")} />
        {sharedKey && (
          <p role="status" className="warn" data-testid="key-shared">
            {t("adminExams.keyShared", { count: sharedKey.examIds.length })}{" "}
            <Link to="/admin/exams">{t("nav.exams")}</Link>
          </p>
        )}
        {error !== null && (
          <p role="alert" className="error">
            {describeError(t, error)}
          </p>
        )}
      </form>
    </Layout>
  );
}

function SectionEditor(props: {
  index: number;
  section: SectionDraft;
  issues: Issue[];
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
          <input value={s.title} onChange={(e) => onChange({ title: e.target.value })} maxLength={200} />
          <FieldError
            issues={props.issues}
            path={`sections.${props.index}.title`}
            id={`sec-${s.key}-title`}
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
            inputMode="decimal"
            value={s.pointsPerQuestion}
            onChange={(e) => onChange({ pointsPerQuestion: e.target.value })}
            aria-describedby={`sec-${s.key}-points sec-${s.key}-points-hint`}
          />
          <FieldError
            issues={props.issues}
            path={`sections.${props.index}.pointsPerQuestion`}
            id={`sec-${s.key}-points`}
          />
          <span className="hint-text" id={`sec-${s.key}-points-hint`}>
            {t("builder.pointsHint")}
          </span>
        </label>
      </div>
      <Status loading={questions.loading} error={questions.error} />
      <FieldError issues={props.issues} path={`sections.${props.index}.questionIds`} id={`sec-${s.key}-qs`} />
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
