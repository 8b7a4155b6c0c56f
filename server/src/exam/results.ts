import type {
  AttemptDetail,
  AttemptSummary,
  AuthoringWarning,
  ReviewItem,
  ReviewPending,
} from "@imtihon/client-sdk/protocol";
import type { Principal } from "../auth/principal.ts";
import type { AppContext } from "../context.ts";
import { notFound } from "../errors.ts";
import type { ExamContentCache } from "./content.ts";
import { toPoints } from "./points.ts";
import { earned, isCorrect } from "./scoring.ts";
import { attemptSummary, studentMaySeeScore, toResult } from "./views.ts";

const CLOSED = new Set(["submitted", "expired", "terminated"]);

/**
 * The spec's rule: a student is shown an option's correctness only when no open exam or running
 * session containing that question is available to them. "Available" is read for anyone, not only
 * this student: an exam whose attempts this student used up is still open to a second account of
 * theirs, so a throwaway account must not unlock the key. Blocking are self-paced published exams
 * not yet closed (including this attempt's own exam) and live sessions not yet ended, of any exam
 * sharing a question with the attempt. Returns null when the key can no longer help anyone.
 */
export async function reviewPending(ctx: AppContext, questionIds: string[]): Promise<ReviewPending | null> {
  if (!questionIds.length) return null;
  const blocking = await ctx.db
    .selectFrom("exam_questions as eq")
    .innerJoin("exams as e", "e.id", "eq.exam_id")
    .leftJoin("live_sessions as s", (j) => j.onRef("s.exam_id", "=", "e.id").on("s.state", "<>", "ended"))
    .select(["e.id", "e.mode", "e.closes_at", "s.id as session_id"])
    .distinct()
    .where("eq.question_id", "=", (eb) => eb.fn.any(eb.val(questionIds)))
    .where("e.status", "=", "published")
    .where((eb) =>
      eb.or([
        eb("s.id", "is not", null),
        eb.and([
          eb("e.mode", "=", "self_paced"),
          eb.or([eb("e.closes_at", "is", null), eb("e.closes_at", ">", new Date())]),
        ]),
      ]),
    )
    .execute();
  if (!blocking.length) return null;
  if (blocking.some((b) => b.session_id)) return { reason: "live_session", opensAt: null };
  const closes = blocking.map((b) => b.closes_at);
  const last = closes.every((c) => c !== null)
    ? new Date(Math.max(...closes.map((c) => c!.getTime())))
    : null;
  return { reason: "open_exam", opensAt: last ? last.toISOString() : null };
}

/**
 * Authoring: questions of a full-review exam that also sit in another open exam or a live session
 * not yet ended keep their key hidden until those close; the author is told which exams.
 */
export async function keySharingWarnings(ctx: AppContext, examId: string): Promise<AuthoringWarning[]> {
  const exam = await ctx.db.selectFrom("exams").select("review").where("id", "=", examId).executeTakeFirst();
  if (exam?.review !== "full") return [];
  const others = await ctx.db
    .selectFrom("exam_questions as mine")
    .innerJoin("exam_questions as eq", "eq.question_id", "mine.question_id")
    .innerJoin("exams as e", "e.id", "eq.exam_id")
    .select("e.id")
    .distinct()
    .where("mine.exam_id", "=", examId)
    .where("e.id", "<>", examId)
    .where("e.status", "=", "published")
    .where((eb) =>
      eb.or([
        eb.exists(
          eb
            .selectFrom("live_sessions as s")
            .select("s.id")
            .whereRef("s.exam_id", "=", "e.id")
            .where("s.state", "<>", "ended"),
        ),
        eb.and([
          eb("e.mode", "=", "self_paced"),
          eb.or([eb("e.closes_at", "is", null), eb("e.closes_at", ">", new Date())]),
        ]),
      ]),
    )
    .orderBy("e.id")
    .execute();
  if (!others.length) return [];
  return [
    {
      code: "key_shared_with_open_exam",
      message:
        `this exam shows its answers in the review, but some of its questions are also in ${others.length} ` +
        "other open exam(s) or running session(s): students see those answers only after they close",
      examIds: others.map((o) => o.id),
    },
  ];
}

export async function myAttempts(ctx: AppContext, userId: string): Promise<AttemptSummary[]> {
  const rows = await ctx.db
    .selectFrom("attempts as a")
    .innerJoin("exams as e", "e.id", "a.exam_id")
    .select([
      "a.id",
      "a.exam_id",
      "a.session_id",
      "a.status",
      "a.started_at",
      "a.deadline_at",
      "a.submitted_at",
      "a.score",
      "a.max_score",
      "e.review",
    ])
    .where("a.user_id", "=", userId)
    .orderBy("a.created_at", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => attemptSummary(r, studentMaySeeScore(r.review)));
}

/**
 * One attempt for its owner (shaped by the exam's review policy), its session's proctor, or an admin
 * (everything). Anyone else gets not_found: an attempt id reveals nothing.
 */
export async function attemptDetail(
  ctx: AppContext,
  content: ExamContentCache,
  p: Principal,
  attemptId: string,
): Promise<AttemptDetail> {
  const a = await ctx.db
    .selectFrom("attempts as a")
    .leftJoin("live_sessions as s", "s.id", "a.session_id")
    .leftJoin("results as r", "r.attempt_id", "a.id")
    .select([
      "a.id",
      "a.exam_id",
      "a.session_id",
      "a.user_id",
      "a.status",
      "a.started_at",
      "a.deadline_at",
      "a.submitted_at",
      "a.score",
      "a.max_score",
      "a.question_order",
      "s.proctor_id",
      "r.sections",
      "r.topics",
    ])
    .where("a.id", "=", attemptId)
    .executeTakeFirst();
  if (!a) throw notFound("attempt");
  const owner = a.user_id === p.userId;
  const staff = p.role === "admin" || (p.role === "proctor" && a.proctor_id === p.userId);
  if (!owner && !staff) throw notFound("attempt");
  const exam = await ctx.db
    .selectFrom("exams")
    .select(["review"])
    .where("id", "=", a.exam_id)
    .executeTakeFirstOrThrow();
  const closed = CLOSED.has(a.status);
  const showScore = staff || studentMaySeeScore(exam.review);
  const out: AttemptDetail = {
    attempt: attemptSummary(a, showScore),
  };
  if (closed && showScore && a.score !== null && a.sections)
    out.result = toResult({ score: a.score, maxScore: a.max_score, sections: a.sections, topics: a.topics });
  if (closed && !staff && exam.review === "full") {
    const pending = await reviewPending(ctx, a.question_order);
    if (pending) out.reviewPending = pending;
  }
  if (closed && (staff || (exam.review === "full" && !out.reviewPending))) {
    const c = await content.get(a.exam_id);
    const answers = await ctx.db
      .selectFrom("answers")
      .select(["question_id", "response"])
      .where("attempt_id", "=", a.id)
      .execute();
    const byQ = new Map(answers.map((x) => [x.question_id, x.response]));
    out.review = a.question_order.flatMap((qid) => {
      const q = c.questions.get(qid);
      if (!q) return [];
      const response = byQ.get(qid) ?? null;
      const item: ReviewItem = {
        questionId: qid,
        stem: q.stem,
        options: q.kind === "matching" ? [] : q.options.map((o) => ({ id: o.id, text: o.text })),
        response,
        correct: q.correct,
        isCorrect: isCorrect(q, response ?? undefined),
        points: toPoints(q.points),
        kind: q.kind,
        earned: toPoints(earned(q, response ?? undefined)),
      };
      if (q.explanation) item.explanation = q.explanation;
      if (q.kind === "numeric" && q.answer) item.answer = q.answer;
      if (q.kind === "short_text" && q.accepted) item.accepted = q.accepted;
      if (q.kind === "matching") {
        item.left = q.options.map((o) => ({ id: o.id, text: o.text }));
        item.right = q.right.map((o) => ({ id: o.id, text: o.text }));
        item.pairs = q.pairs ?? [];
      }
      return [item];
    });
  }
  return out;
}
