import type {
  MyProgress,
  ProgressPoint,
  SubjectProgress,
  TopicProgress,
  WeakArea,
} from "@imtihon/client-sdk/protocol";
import type { SectionResultRow } from "@imtihon/db";
import { sql } from "kysely";
import type { AppContext } from "../context.ts";
import { toPoints } from "./points.ts";
import { practiceExams } from "./practice.ts";
import { FINISHED } from "./standing-record.ts";

/** Attempts read per request: years of weekly mock exams. */
const HISTORY_LIMIT = 500;
const WEAKEST = 5;

/** One part of a finished attempt (a subject's sections, a topic): what every grouping sums. */
export interface Part {
  key: string;
  score: number;
  maxScore: number;
  correct: number;
  total: number;
}

export interface FinishedAttempt {
  attemptId: string;
  examId: string;
  examTitle: string;
  at: Date;
  /** Hundredths. */
  score: number;
  maxScore: number;
  sections: SectionResultRow[];
  topics: TopicPart[];
}

export interface TopicPart extends Part {
  path: string;
}

export interface Area {
  key: string;
  correct: number;
  total: number;
  score: number;
  maxScore: number;
  history: ProgressPoint[];
  /** Exams whose results showed this area (the practice fallback for topics). */
  examIds: Set<string>;
}

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((1000 * part) / whole) / 10 : 0);

function point(a: FinishedAttempt, score: number, maxScore: number): ProgressPoint {
  return {
    attemptId: a.attemptId,
    examId: a.examId,
    examTitle: a.examTitle,
    at: a.at.toISOString(),
    score: toPoints(score),
    maxScore: toPoints(maxScore),
    percent: pct(score, maxScore),
  };
}

/**
 * Sums the parts of each attempt by key (attempts oldest first): totals, accuracy and a history
 * point per attempt that has the area. Subjects and topics are the same grouping over different
 * parts, so a new level (a topic tree's parent) is one more call.
 */
export function groupParts(attempts: FinishedAttempt[], partsOf: (a: FinishedAttempt) => Part[]): Area[] {
  const areas = new Map<string, Area>();
  for (const a of attempts) {
    const mine = new Map<string, Part>();
    for (const p of partsOf(a)) {
      const m = mine.get(p.key);
      if (!m) mine.set(p.key, { ...p });
      else {
        m.score += p.score;
        m.maxScore += p.maxScore;
        m.correct += p.correct;
        m.total += p.total;
      }
    }
    for (const p of mine.values()) {
      let area = areas.get(p.key);
      if (!area)
        areas.set(
          p.key,
          (area = {
            key: p.key,
            correct: 0,
            total: 0,
            score: 0,
            maxScore: 0,
            history: [],
            examIds: new Set(),
          }),
        );
      area.correct += p.correct;
      area.total += p.total;
      area.score += p.score;
      area.maxScore += p.maxScore;
      area.history.push(point(a, p.score, p.maxScore));
      area.examIds.add(a.examId);
    }
  }
  return [...areas.values()];
}

/**
 * Weakest first by accuracy with one right and one wrong answer added (Laplace): 0 of 1 is not
 * weaker than 3 of 10 on evidence that thin. Areas with no wrong answer have nothing to study.
 */
export function weakestFirst<A extends Area>(areas: A[], limit = WEAKEST): A[] {
  const smoothed = (a: Area) => (a.correct + 1) / (a.total + 2);
  return areas
    .filter((a) => a.total > a.correct)
    .sort((x, y) => smoothed(x) - smoothed(y) || y.total - x.total || x.key.localeCompare(y.key))
    .slice(0, limit);
}

/** A topic breakdown stored with a result (another branch adds it): read defensively, never trusted. */
export function readTopics(raw: unknown): TopicPart[] {
  if (!Array.isArray(raw)) return [];
  const out: TopicPart[] = [];
  for (const t of raw) {
    if (typeof t !== "object" || t === null) continue;
    const r = t as Record<string, unknown>;
    const key = typeof r.topicId === "string" || typeof r.topicId === "number" ? String(r.topicId) : null;
    const path = Array.isArray(r.path)
      ? r.path.filter((x) => typeof x === "string").join(" › ")
      : typeof r.path === "string"
        ? r.path
        : null;
    const nums = [r.score, r.maxScore, r.correct, r.total];
    if (!key || !path || !nums.every((n) => typeof n === "number" && Number.isFinite(n) && n >= 0)) continue;
    const [score, maxScore, correct, total] = nums as number[];
    if (correct! > total!) continue;
    out.push({ key, path, score: score!, maxScore: maxScore!, correct: correct!, total: total! });
  }
  return out;
}

function areaFields(a: Area) {
  return {
    correct: a.correct,
    total: a.total,
    accuracy: pct(a.correct, a.total),
    score: toPoints(a.score),
    maxScore: toPoints(a.maxScore),
    history: a.history,
  };
}

/**
 * `GET /me/progress`: the student's finished (submitted or expired) attempts of exams whose review
 * policy shows scores, grouped per subject (result sections mapped to their exam sections' subjects)
 * and per topic (when the stored result carries a topic breakdown), and the weakest areas with
 * practice exams. Three reads: the student's own attempts (by `attempts_user_exam_idx`), the
 * sections of the exams they took, and the practice exams of at most five areas.
 */
export async function myProgress(ctx: AppContext, userId: string): Promise<MyProgress> {
  // `to_jsonb(r) -> 'topics'`: the topic breakdown's column, if this database has it (null if not).
  const { rows } = await sql<{
    id: string;
    exam_id: string;
    title: string;
    finished_at: Date;
    score: number;
    max_score: number;
    sections: SectionResultRow[];
    topics: unknown;
  }>`
    select a.id, a.exam_id, e.title, coalesce(a.submitted_at, a.created_at) as finished_at, r.score, r.max_score,
      r.sections, to_jsonb(r) -> 'topics' as topics
    from attempts a
    join exams e on e.id = a.exam_id
    join results r on r.attempt_id = a.id
    where a.user_id = ${userId} and a.status = any(${sql.val([...FINISHED])}::text[]) and e.review <> 'none'
    order by finished_at desc
    limit ${HISTORY_LIMIT}`.execute(ctx.db);
  const attempts: FinishedAttempt[] = rows.reverse().map((r) => ({
    attemptId: r.id,
    examId: r.exam_id,
    examTitle: r.title,
    at: r.finished_at,
    score: r.score,
    maxScore: r.max_score,
    sections: r.sections,
    topics: readTopics(r.topics),
  }));
  const examIds = [...new Set(attempts.map((a) => a.examId))];
  // Each exam's sections in position order, with their subjects: a result's sections are exactly
  // these, in this order (exam/scoring.ts); the title check guards the pairing. Sections without a
  // subject count in the totals only.
  const sectionRows = examIds.length
    ? await ctx.db
        .selectFrom("exam_sections as es")
        .leftJoin("subjects as s", "s.id", "es.subject_id")
        .select(["es.exam_id", "es.title", "s.id as subject_id", "s.code", "s.name"])
        .where("es.exam_id", "=", (eb) => eb.fn.any(eb.val(examIds)))
        .orderBy("es.exam_id")
        .orderBy("es.position")
        .execute()
    : [];
  const subjects = new Map<string, { code: string; name: string }>();
  const layouts = new Map<string, { title: string; subjectId: string | null }[]>();
  for (const r of sectionRows) {
    if (r.subject_id) subjects.set(r.subject_id, { code: r.code ?? "", name: r.name ?? "" });
    const layout = layouts.get(r.exam_id) ?? [];
    layout.push({ title: r.title, subjectId: r.subject_id });
    layouts.set(r.exam_id, layout);
  }
  const subjectParts = (a: FinishedAttempt): Part[] => {
    const layout = layouts.get(a.examId) ?? [];
    return a.sections.flatMap((s, i) => {
      const at = layout[i];
      if (!at?.subjectId || at.title !== s.title) return [];
      return [
        { key: at.subjectId, score: s.score, maxScore: s.maxScore, correct: s.correct, total: s.total },
      ];
    });
  };
  const subjectAreas = groupParts(attempts, subjectParts);
  const topicAreas = groupParts(attempts, (a) => a.topics);
  const topicPath = new Map<string, string>();
  for (const a of attempts) for (const t of a.topics) topicPath.set(t.key, t.path);

  const weakAreas = topicAreas.length ? weakestFirst(topicAreas) : weakestFirst(subjectAreas);
  const kind = topicAreas.length ? ("topic" as const) : ("subject" as const);
  const practice = await practiceExams(
    ctx,
    kind === "subject"
      ? { kind, subjectIds: weakAreas.map((a) => a.key) }
      : { kind, topics: weakAreas.map((a) => ({ key: a.key, examIds: [...a.examIds] })) },
  );
  const weakest: WeakArea[] = weakAreas.map((a) => ({
    kind,
    id: a.key,
    name: kind === "subject" ? (subjects.get(a.key)?.name ?? a.key) : (topicPath.get(a.key) ?? a.key),
    correct: a.correct,
    total: a.total,
    accuracy: pct(a.correct, a.total),
    practice: practice.get(a.key) ?? [],
  }));
  const bySubjectName = (x: SubjectProgress, y: SubjectProgress) => x.name.localeCompare(y.name);
  return {
    attempts: attempts.map((a) => point(a, a.score, a.maxScore)),
    subjects: subjectAreas
      .map((a): SubjectProgress => ({
        subjectId: a.key,
        code: subjects.get(a.key)?.code ?? "",
        name: subjects.get(a.key)?.name ?? a.key,
        ...areaFields(a),
      }))
      .sort(bySubjectName),
    topics: topicAreas
      .map((a): TopicProgress => ({ topicId: a.key, path: topicPath.get(a.key) ?? a.key, ...areaFields(a) }))
      .sort((x, y) => x.path.localeCompare(y.path)),
    weakest,
  };
}
