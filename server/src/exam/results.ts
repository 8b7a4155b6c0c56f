import type { AttemptDetail, AttemptSummary } from "@imtihon/client-sdk/protocol";
import type { Principal } from "../auth/principal.ts";
import type { AppContext } from "../context.ts";
import { notFound } from "../errors.ts";
import type { ExamContentCache } from "./content.ts";
import { toPoints } from "./points.ts";
import { isCorrect } from "./scoring.ts";
import { attemptSummary, studentMaySeeScore, toResult } from "./views.ts";

const CLOSED = new Set(["submitted", "expired", "terminated"]);

/**
 * A full review shows the answer key, so a student gets it only when it can no longer help anyone
 * sitting this exam through them: the exam has closed, their attempts are used up, or (live) the
 * session has ended. Until then `review: "full"` shows the score only.
 */
async function keyCannotHelp(
  ctx: AppContext,
  a: { user_id: string; exam_id: string; session_id: string | null },
  exam: { closes_at: Date | null; max_attempts: number | null },
): Promise<boolean> {
  if (exam.closes_at && exam.closes_at <= new Date()) return true;
  if (a.session_id) {
    const s = await ctx.db
      .selectFrom("live_sessions")
      .select("state")
      .where("id", "=", a.session_id)
      .executeTakeFirst();
    return s?.state === "ended";
  }
  if (exam.max_attempts === null) return false;
  const { n } = await ctx.db
    .selectFrom("attempts")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("user_id", "=", a.user_id)
    .where("exam_id", "=", a.exam_id)
    .where("session_id", "is", null)
    .executeTakeFirstOrThrow();
  return Number(n) >= exam.max_attempts;
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
    ])
    .where("a.id", "=", attemptId)
    .executeTakeFirst();
  if (!a) throw notFound("attempt");
  const owner = a.user_id === p.userId;
  const staff = p.role === "admin" || (p.role === "proctor" && a.proctor_id === p.userId);
  if (!owner && !staff) throw notFound("attempt");
  const exam = await ctx.db
    .selectFrom("exams")
    .select(["review", "closes_at", "max_attempts"])
    .where("id", "=", a.exam_id)
    .executeTakeFirstOrThrow();
  const closed = CLOSED.has(a.status);
  const showScore = staff || studentMaySeeScore(exam.review);
  const out: AttemptDetail = {
    attempt: attemptSummary(a, showScore),
  };
  if (closed && showScore && a.score !== null && a.sections)
    out.result = toResult({ score: a.score, maxScore: a.max_score, sections: a.sections });
  if (closed && (staff || (exam.review === "full" && (await keyCannotHelp(ctx, a, exam))))) {
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
      return [
        {
          questionId: qid,
          stem: q.stem,
          options: q.options.map((o) => ({ id: o.id, text: o.text })),
          response,
          correct: q.correct,
          isCorrect: isCorrect(q, response ?? undefined),
          points: toPoints(q.points),
        },
      ];
    });
  }
  return out;
}
