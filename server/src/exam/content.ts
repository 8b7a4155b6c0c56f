import { normaliseText, type QuestionView } from "@imtihon/client-sdk/protocol";
import type {
  ExamMode,
  NumericKey,
  QuestionKind,
  QuestionOption,
  ReviewPolicy,
  SectionScoring,
} from "@imtihon/db";
import type { Deps } from "../context.ts";
import { topicsById } from "../catalogue/topics.ts";
import { notFound } from "../errors.ts";
import { toPoints } from "./points.ts";

/**
 * A question's key, read once when the exam is loaded so that scoring an answer is a set or map
 * lookup: accepted texts are normalised here, never per answer.
 */
export type CompiledKey =
  | { kind: "single"; correct: string | undefined }
  | { kind: "multiple"; correct: Set<string> }
  | { kind: "numeric"; value: number; tolerance: number }
  | { kind: "short_text"; accepted: Set<string> }
  | { kind: "matching"; pairs: Map<string, string>; rightIds: Set<string> };

export interface ExamQuestion {
  id: string;
  kind: QuestionKind;
  stem: string;
  /** Choices (single, multiple); the left items of a matching question. */
  options: QuestionOption[];
  optionIds: Set<string>;
  /** matching: the right items. */
  right: QuestionOption[];
  /** The correct option ids (single, multiple); `[]` otherwise. */
  correct: string[];
  /** The stored key as authored, for the review. */
  answer: NumericKey | null;
  accepted: string[] | null;
  pairs: [string, string][] | null;
  explanation: string | null;
  key: CompiledKey;
  topicIds: string[];
  section: number;
  /** Hundredths. */
  points: number;
  /** The section gives partial credit (multiple, matching). */
  partial: boolean;
}

export interface ExamSection {
  position: number;
  title: string;
  subjectId: string | null;
  points: number;
  questionCount: number;
  scoring: SectionScoring;
}

export function compileKey(q: {
  kind: QuestionKind;
  correct: string[];
  answer: NumericKey | null;
  accepted: string[] | null;
  pairs: [string, string][] | null;
  right_items: QuestionOption[] | null;
}): CompiledKey {
  switch (q.kind) {
    case "single":
      return { kind: "single", correct: q.correct.length === 1 ? q.correct[0] : undefined };
    case "multiple":
      return { kind: "multiple", correct: new Set(q.correct) };
    case "numeric":
      return { kind: "numeric", value: q.answer?.value ?? NaN, tolerance: q.answer?.tolerance ?? 0 };
    case "short_text":
      return { kind: "short_text", accepted: new Set((q.accepted ?? []).map(normaliseText)) };
    case "matching":
      return {
        kind: "matching",
        pairs: new Map(q.pairs ?? []),
        rightIds: new Set((q.right_items ?? []).map((o) => o.id)),
      };
  }
}

/** A published exam as one node keeps it in memory: immutable once published. */
export interface ExamContent {
  id: string;
  title: string;
  mode: ExamMode;
  durationSeconds: number;
  opensAt: Date | null;
  closesAt: Date | null;
  maxAttempts: number | null;
  review: ReviewPolicy;
  priceUzs: number;
  shuffleQuestions: boolean;
  shuffleOptions: boolean;
  /** Hundredths. */
  maxScore: number;
  sections: ExamSection[];
  /** The topics of the exam's questions, with their paths as of loading. */
  topics: Map<string, { id: string; path: string[] }>;
  /** Questions in authored order. */
  order: string[];
  questions: Map<string, ExamQuestion>;
}

/**
 * Published exams are frozen, so each node reads one at most once: 10,000 students starting
 * together cost Postgres one read. Concurrent misses share the same promise.
 */
export class ExamContentCache {
  readonly #ctx: ContentDeps;
  readonly #entries = new Map<string, Promise<ExamContent>>();

  constructor(ctx: ContentDeps) {
    this.#ctx = ctx;
  }

  get(examId: string): Promise<ExamContent> {
    let entry = this.#entries.get(examId);
    if (!entry) {
      entry = loadPublishedExam(this.#ctx, examId);
      this.#entries.set(examId, entry);
      entry.catch(() => this.#entries.delete(examId));
    }
    return entry;
  }

  /**
   * Drops an exam that stopped being what was loaded: closed now (its closing time moved) or
   * unpublished. The next start reads it again; attempts already running keep their own deadline.
   */
  forget(examId: string): void {
    this.#entries.delete(examId);
  }
}

type ContentDeps = Deps<"db" | "metrics">;

async function loadPublishedExam(ctx: ContentDeps, examId: string): Promise<ExamContent> {
  ctx.metrics.examContentLoads.inc();
  const exam = await ctx.db
    .selectFrom("exams")
    .selectAll()
    .where("id", "=", examId)
    .where("status", "=", "published")
    .executeTakeFirst();
  if (!exam) throw notFound("exam");
  const [sections, rows] = await Promise.all([
    ctx.db
      .selectFrom("exam_sections")
      .selectAll()
      .where("exam_id", "=", examId)
      .orderBy("position")
      .execute(),
    ctx.db
      .selectFrom("exam_questions as eq")
      .innerJoin("questions as q", "q.id", "eq.question_id")
      .select([
        "q.id",
        "q.kind",
        "q.stem",
        "q.options",
        "q.correct",
        "q.answer",
        "q.accepted",
        "q.right_items",
        "q.pairs",
        "q.explanation",
        "eq.section",
        "eq.points",
        "eq.position",
      ])
      .where("eq.exam_id", "=", examId)
      .orderBy("eq.position")
      .execute(),
  ]);
  const links = rows.length
    ? await ctx.db
        .selectFrom("question_topics as qt")
        .innerJoin("exam_questions as eq", "eq.question_id", "qt.question_id")
        .select(["qt.question_id", "qt.topic_id"])
        .where("eq.exam_id", "=", examId)
        .orderBy("qt.topic_id")
        .execute()
    : [];
  const topics = await topicsById(ctx.db, [...new Set(links.map((l) => l.topic_id))]);
  const partial = new Set(sections.filter((s) => s.scoring === "partial").map((s) => s.position));
  const questions = new Map<string, ExamQuestion>();
  for (const r of rows) {
    questions.set(r.id, {
      id: r.id,
      kind: r.kind,
      stem: r.stem,
      options: r.options,
      optionIds: new Set(r.options.map((o) => o.id)),
      right: r.right_items ?? [],
      correct: r.correct,
      answer: r.answer,
      accepted: r.accepted,
      pairs: r.pairs,
      explanation: r.explanation,
      key: compileKey(r),
      topicIds: links.filter((l) => l.question_id === r.id && topics.has(l.topic_id)).map((l) => l.topic_id),
      section: r.section,
      points: r.points,
      partial: partial.has(r.section),
    });
  }
  return {
    id: exam.id,
    title: exam.title,
    mode: exam.mode,
    durationSeconds: exam.duration_seconds,
    opensAt: exam.opens_at,
    closesAt: exam.closes_at,
    maxAttempts: exam.max_attempts,
    review: exam.review,
    priceUzs: exam.price_uzs,
    shuffleQuestions: exam.shuffle_questions,
    shuffleOptions: exam.shuffle_options,
    maxScore: exam.max_score,
    sections: sections.map((s) => ({
      position: s.position,
      title: s.title,
      subjectId: s.subject_id,
      points: s.points,
      questionCount: rows.filter((r) => r.section === s.position).length,
      scoring: s.scoring,
    })),
    topics: new Map([...topics.values()].map((t) => [t.id, { id: t.id, path: t.path }])),
    order: rows.map((r) => r.id),
    questions,
  };
}

const inOrder = (items: QuestionOption[], order: string[] | undefined) => {
  if (!order) return items;
  const byId = new Map(items.map((o) => [o.id, o]));
  return order.flatMap((id) => {
    const o = byId.get(id);
    return o ? [{ id: o.id, text: o.text }] : [];
  });
};

/**
 * The student's view of a question: never the key. A matching question's `optionOrder` holds the
 * left ids then the right ids, each in the order this student sees them.
 */
export function questionView(
  content: ExamContent,
  q: ExamQuestion,
  optionOrder: string[] | undefined,
): QuestionView {
  const section = content.sections.find((s) => s.position === q.section);
  const view: QuestionView = {
    id: q.id,
    kind: q.kind,
    stem: q.stem,
    options: [],
    section: section?.title ?? "",
    points: toPoints(q.points),
  };
  if (q.kind === "single" || q.kind === "multiple")
    view.options = inOrder(q.options, optionOrder).map((o) => ({ id: o.id, text: o.text }));
  if (q.kind === "matching") {
    const n = q.options.length;
    view.left = inOrder(q.options, optionOrder?.slice(0, n)).map((o) => ({ id: o.id, text: o.text }));
    view.right = inOrder(q.right, optionOrder?.slice(n)).map((o) => ({ id: o.id, text: o.text }));
  }
  return view;
}
