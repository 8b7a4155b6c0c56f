import type { QuestionView } from "@imtihon/client-sdk/protocol";
import type { ExamMode, ReviewPolicy } from "@imtihon/db";
import type { Deps } from "../context.ts";
import { notFound } from "../errors.ts";
import { toPoints } from "./points.ts";

export interface ExamQuestion {
  id: string;
  kind: "single" | "multiple";
  stem: string;
  options: { id: string; text: string }[];
  optionIds: Set<string>;
  /** The options by id, and the student's view in authored order: built once per node, shared. */
  optionById: Map<string, { id: string; text: string }>;
  view: QuestionView;
  correct: string[];
  section: number;
  /** Hundredths. */
  points: number;
}

export interface ExamSection {
  position: number;
  title: string;
  subjectId: string | null;
  points: number;
  questionCount: number;
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
  /** Questions in authored order. */
  order: string[];
  questions: Map<string, ExamQuestion>;
}

/**
 * Published exams are frozen, so each node reads one at most once: 10,000 students starting
 * together cost Postgres one read. Concurrent misses share the same promise. The admin console's
 * close and unpublish are the two changes after publishing: they `forget` the exam on every node.
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
        "eq.section",
        "eq.points",
        "eq.position",
      ])
      .where("eq.exam_id", "=", examId)
      .orderBy("eq.position")
      .execute(),
  ]);
  const questions = new Map<string, ExamQuestion>();
  const sectionTitle = new Map(sections.map((s) => [s.position, s.title]));
  for (const r of rows) {
    // Frozen, so every attempt view of every student can share these objects: a start allocates
    // the view's arrays, not 90 questions' worth of copies (start-storm garbage, docs/performance.md).
    // (Frozen at run time: a handler that tried to change a shared view would throw, not leak.)
    const options = Object.freeze(r.options.map((o) => Object.freeze({ id: o.id, text: o.text }))) as {
      id: string;
      text: string;
    }[];
    questions.set(r.id, {
      id: r.id,
      kind: r.kind,
      stem: r.stem,
      options,
      optionIds: new Set(options.map((o) => o.id)),
      optionById: new Map(options.map((o) => [o.id, o])),
      view: Object.freeze({
        id: r.id,
        kind: r.kind,
        stem: r.stem,
        options,
        section: sectionTitle.get(r.section) ?? "",
        points: toPoints(r.points),
      }) as QuestionView,
      correct: r.correct,
      section: r.section,
      points: r.points,
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
    })),
    order: rows.map((r) => r.id),
    questions,
  };
}

/**
 * The student's view of a question: never the correct options. In authored order it is the shared
 * frozen view; a shuffled order gets its own options array of the same shared option objects.
 */
export function questionView(q: ExamQuestion, optionOrder: string[] | undefined): QuestionView {
  if (!optionOrder || sameOrder(optionOrder, q.options)) return q.view;
  const options: { id: string; text: string }[] = [];
  for (const id of optionOrder) {
    const o = q.optionById.get(id);
    if (o) options.push(o);
  }
  return { ...q.view, options };
}

function sameOrder(order: string[], options: { id: string }[]): boolean {
  if (order.length !== options.length) return false;
  for (let i = 0; i < order.length; i++) if (order[i] !== options[i]!.id) return false;
  return true;
}
