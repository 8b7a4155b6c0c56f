import {
  createExamBody,
  type AdminExam,
  type AdminQuestion,
  type AuthoringWarning,
  type SectionScoring,
} from "@imtihon/client-sdk/protocol";
import { useState, type FormEvent } from "react";
import { useApi } from "../../api/use-api.ts";
import { useAuth } from "../../auth/auth-context.tsx";
import { check, FieldError, IssueList } from "../../components/form-errors.tsx";
import { Layout, Status } from "../../components/layout.tsx";
import { describeError, type Issue } from "../../i18n/errors.ts";
import {
  formatNumber,
  isoToLocalInput,
  localInputToIso,
  parseDecimal,
  timeZone,
  uzLetters,
} from "../../i18n/format.ts";
import { useI18n, useT } from "../../i18n/i18n.tsx";
import type { Lang } from "../../i18n/messages.ts";
import { Link, navigate } from "../../router.tsx";
import { BankFilters, bankQuery, useTopics, type BankFilter } from "./bank-page.tsx";
import { useSubjects } from "./subjects.ts";

/** Up to `n` of `ids` in random order (Fisher–Yates on a copy). */
export function pickRandom<T>(ids: readonly T[], n: number, random: () => number = Math.random): T[] {
  const out = [...ids];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out.slice(0, Math.max(0, n));
}

interface SectionDraft {
  key: number;
  title: string;
  subjectId: string;
  pointsPerQuestion: string;
  questionIds: string[];
  scoring: SectionScoring;
}

let nextKey = 1;
const emptySection = (): SectionDraft => ({
  key: nextKey++,
  title: "",
  subjectId: "",
  pointsPerQuestion: "1",
  questionIds: [],
  scoring: "all_or_nothing",
});

/**
 * `/admin/exams/:id/edit`: the builder opened on a draft, prefilled; saving replaces it (PUT). A
 * published exam is not editable (its questions are frozen): the page says so and offers the list,
 * where it can be duplicated.
 */
export function EditExamPage({ examId }: { examId: string }) {
  const t = useT();
  const exam = useApi<{ exam: AdminExam }>(`/admin/exams/${encodeURIComponent(examId)}`);
  const e = exam.data?.exam;
  if (!e)
    return (
      <Layout wide>
        <Status loading={exam.loading} error={exam.error} />
      </Layout>
    );
  if (e.status !== "draft")
    return (
      <Layout wide>
        <p role="alert" className="error">
          {t("adminExams.notEditable")} <Link to="/admin/exams">{t("nav.exams")}</Link>
        </p>
      </Layout>
    );
  return <ExamBuilderPage draft={e} />;
}

/** A stored section as the builder edits it: points written the user's way ("1,5" in Uzbek). */
function sectionDrafts(exam: AdminExam, lang: Lang): SectionDraft[] {
  return exam.sections.map((s) => ({
    key: nextKey++,
    title: s.title,
    subjectId: s.subjectId ?? "",
    pointsPerQuestion: formatNumber(lang, s.pointsPerQuestion),
    questionIds: s.questionIds,
    scoring: s.scoring,
  }));
}

/**
 * Build an exam from sections of questions (one subject each); it is saved as a draft. Given a
 * `draft`, every field starts from it and saving replaces that draft.
 */
export function ExamBuilderPage({ draft }: { draft?: AdminExam } = {}) {
  const { t, lang } = useI18n();
  const { auth } = useAuth();
  const { subjects, directions } = useSubjects();
  const [sections, setSections] = useState<SectionDraft[]>(() =>
    draft ? sectionDrafts(draft, lang) : [emptySection()],
  );
  // Controlled: the directions arrive after the first render, and a draft's must still be selected.
  const [direction, setDirection] = useState(draft?.directionId ?? "");
  const [error, setError] = useState<unknown>(null);
  const [issues, setIssues] = useState<Issue[]>([]);
  const [busy, setBusy] = useState(false);
  // Saved, with a warning the author should read before moving on (the answer key is shared).
  const [sharedKey, setSharedKey] = useState<AuthoringWarning | null>(null);
  const [review, setReview] = useState<"none" | "score" | "full">(draft?.review ?? "score");

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
      // The builder has no price field (products are priced on their own page): an edit keeps it.
      ...(draft?.priceUzs ? { priceUzs: draft.priceUzs } : {}),
      sections: sections.map((s) => ({
        title: s.title,
        ...(s.subjectId ? { subjectId: s.subjectId } : {}),
        questionIds: s.questionIds,
        pointsPerQuestion: parseDecimal(s.pointsPerQuestion) ?? Number.NaN,
        scoring: s.scoring,
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
      const res = await auth.api<{ exam: AdminExam; warnings?: AuthoringWarning[] }>(
        draft ? `/admin/exams/${draft.id}` : "/admin/exams",
        { method: draft ? "PUT" : "POST", body },
      );
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
      <h1>{draft ? t("builder.editTitle") : t("builder.title")}</h1>
      {draft && <p className="muted">{t("builder.editHint")}</p>}
      <form onSubmit={(e) => void submit(e)} className="stack" noValidate>
        <div className="card form-grid">
          <label>
            {t("builder.examTitle")}
            <input
              name="title"
              maxLength={300}
              defaultValue={draft?.title}
              aria-describedby="exam-title-error"
            />
            <FieldError issues={issues} path="title" id="exam-title-error" />
          </label>
          <label>
            {t("builder.direction")}
            <select name="directionId" value={direction} onChange={(e) => setDirection(e.target.value)}>
              <option value="">—</option>
              {directions.map((d) => (
                <option key={d.id} value={d.id}>
                  {uzLetters(d.name)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t("builder.mode")}
            <select name="mode" defaultValue={draft?.mode ?? "self_paced"}>
              <option value="self_paced">{t("builder.selfPaced")}</option>
              <option value="live">{t("builder.live")}</option>
            </select>
          </label>
          <label>
            {t("builder.minutes")}
            <input
              name="minutes"
              inputMode="decimal"
              defaultValue={draft ? formatNumber(lang, draft.durationSeconds / 60) : "60"}
              aria-describedby="exam-minutes-error"
            />
            <FieldError issues={issues} path="durationSeconds" id="exam-minutes-error" />
          </label>
          <label>
            {t("builder.opensAt")}
            <input
              name="opensAt"
              type="datetime-local"
              defaultValue={isoToLocalInput(draft?.opensAt ?? null)}
            />
          </label>
          <label>
            {t("builder.closesAt")}
            <input
              name="closesAt"
              type="datetime-local"
              defaultValue={isoToLocalInput(draft?.closesAt ?? null)}
              aria-describedby="exam-closes-error exam-times-hint"
            />
            <FieldError issues={issues} path="closesAt" id="exam-closes-error" />
            <span className="hint-text" id="exam-times-hint">
              {t("builder.timesHint", { zone: timeZone() })}
            </span>
          </label>
          <label>
            {t("builder.maxAttempts")}
            <input
              name="maxAttempts"
              inputMode="numeric"
              defaultValue={draft?.maxAttempts ?? ""}
              aria-describedby="exam-attempts-error"
            />
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
            <input name="shuffleQuestions" type="checkbox" defaultChecked={draft?.shuffleQuestions} />{" "}
            {t("builder.shuffleQuestions")}
          </label>
          <label className="check">
            <input name="shuffleOptions" type="checkbox" defaultChecked={draft?.shuffleOptions} />{" "}
            {t("builder.shuffleOptions")}
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
            {draft ? t("builder.saveDraft") : t("builder.create")}
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
                {uzLetters(x.name)}
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
        <label>
          {t("builder.scoring")}
          <select value={s.scoring} onChange={(e) => onChange({ scoring: e.target.value as SectionScoring })}>
            <option value="all_or_nothing">{t("builder.scoringAll")}</option>
            <option value="partial">{t("builder.scoringPartial")}</option>
          </select>
        </label>
      </div>
      {s.subjectId && (
        <RandomPicker
          subjectId={s.subjectId}
          chosen={s.questionIds}
          onAdd={(ids) => onChange({ questionIds: [...s.questionIds, ...ids] })}
        />
      )}
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

/**
 * "10 random Algebra, medium": draws N questions of the section's subject that match a filter
 * (topic with its subtopics, kind, difficulty, text) and are not in the section yet.
 */
function RandomPicker(props: { subjectId: string; chosen: string[]; onAdd: (ids: string[]) => void }) {
  const t = useT();
  const { auth } = useAuth();
  const [filter, setFilter] = useState<BankFilter>({
    subjectId: props.subjectId,
    topicId: "",
    kind: "",
    difficulty: "",
    q: "",
  });
  const [count, setCount] = useState("10");
  const [note, setNote] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const { topics } = useTopics(props.subjectId);
  const add = async () => {
    setError(null);
    try {
      const res = await auth.api<{ items: AdminQuestion[] }>(
        bankQuery({ ...filter, subjectId: props.subjectId, q: filter.q.trim() }, 1000),
      );
      const taken = new Set(props.chosen);
      const free = res.items.map((q) => q.id).filter((id) => !taken.has(id));
      const picked = pickRandom(free, Math.floor(parseDecimal(count) ?? 0));
      props.onAdd(picked);
      setNote(t("builder.randomAdded", { added: picked.length, found: free.length }));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <details className="random-picker">
      <summary>{t("builder.random")}</summary>
      <BankFilters filter={filter} topics={topics} onChange={(p) => setFilter((f) => ({ ...f, ...p }))} />
      <div className="row">
        <label>
          {t("builder.randomCount")}
          <input inputMode="numeric" value={count} onChange={(e) => setCount(e.target.value)} size={4} />
        </label>
        <button type="button" onClick={() => void add()}>
          {t("builder.randomAdd")}
        </button>
      </div>
      {note && <p role="status">{note}</p>}
      {error !== null && (
        <p role="alert" className="error">
          {describeError(t, error)}
        </p>
      )}
    </details>
  );
}
