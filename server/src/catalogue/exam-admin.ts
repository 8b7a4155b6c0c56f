import type { AdminExam } from "@imtihon/client-sdk/protocol";
import type { AppContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { invalidateCatalogue } from "./cache.ts";
import { createExam } from "./exam-authoring.ts";
import { getAdminExam } from "./exam-views.ts";

/**
 * A new draft with the same settings and questions (title marked as a copy, no dates: a copy is
 * usually for the next sitting). Published or draft, the original does not change.
 */
export async function duplicateExam(ctx: AppContext, examId: string, by: string): Promise<AdminExam> {
  const a = await getAdminExam(ctx.db, examId);
  return createExam(
    ctx.db,
    {
      title: `${a.title} (nusxa)`.slice(0, 300),
      ...(a.directionId ? { directionId: a.directionId } : {}),
      mode: a.mode,
      durationSeconds: a.durationSeconds,
      sections: a.sections.map((s) => ({
        title: s.title,
        ...(s.subjectId ? { subjectId: s.subjectId } : {}),
        questionIds: s.questionIds,
        pointsPerQuestion: s.pointsPerQuestion,
        scoring: s.scoring,
      })),
      shuffleQuestions: a.shuffleQuestions,
      shuffleOptions: a.shuffleOptions,
      ...(a.maxAttempts !== null ? { maxAttempts: a.maxAttempts } : {}),
      review: a.review,
      priceUzs: a.priceUzs,
      certificate: a.certificate,
    },
    by,
  );
}

/**
 * Closes a published exam now: its closing time becomes the present, so nobody can start it any
 * more (attempts already running keep their own deadline) and a "full" review opens. A draft, or an
 * exam already closed, is `conflict` with `details.reason`.
 */
export async function closeExam(ctx: AppContext, examId: string): Promise<AdminExam> {
  const exam = await getAdminExam(ctx.db, examId);
  if (exam.status !== "published")
    throw new AppError("conflict", "only a published exam can be closed", { reason: "draft" });
  if (exam.closesAt && Date.parse(exam.closesAt) <= Date.now())
    throw new AppError("conflict", "the exam is closed already", { reason: "closed" });
  await ctx.db
    .updateTable("exams")
    .set((eb) => ({ closes_at: eb.fn("now", []) }))
    .where("id", "=", examId)
    .execute();
  await changed(ctx, examId);
  return getAdminExam(ctx.db, examId);
}

/**
 * Takes a published exam back to a draft, allowed only while nobody has started it: no attempt and
 * no live session refers to it (then it is `conflict` with `details.reason: "started"`: close it
 * instead, which keeps the results). A draft is `conflict` with `reason: "draft"`. The exam row is
 * locked FOR UPDATE, which waits for (and then blocks) attempt inserts: their foreign key takes a
 * KEY SHARE lock on it.
 */
export async function unpublishExam(ctx: AppContext, examId: string): Promise<AdminExam> {
  await ctx.db.transaction().execute(async (trx) => {
    const exam = await trx
      .selectFrom("exams")
      .select("status")
      .where("id", "=", examId)
      .forUpdate()
      .executeTakeFirst();
    if (!exam) throw notFound("exam");
    if (exam.status !== "published")
      throw new AppError("conflict", "the exam is a draft already", { reason: "draft" });
    const used = await trx
      .selectFrom("attempts")
      .select("id")
      .where("exam_id", "=", examId)
      .union(trx.selectFrom("live_sessions").select("id").where("exam_id", "=", examId))
      .limit(1)
      .executeTakeFirst();
    if (used)
      throw new AppError("conflict", "students have started this exam: close it instead", {
        reason: "started",
      });
    await trx
      .updateTable("exams")
      .set({ status: "draft", published_at: null })
      .where("id", "=", examId)
      .execute();
  });
  await changed(ctx, examId);
  return getAdminExam(ctx.db, examId);
}

/** The published catalogue and every node's cached copy of the exam are stale now. */
async function changed(ctx: AppContext, examId: string): Promise<void> {
  ctx.exams.forget(examId);
  await ctx.examChanges.publish(examId);
  await invalidateCatalogue(ctx);
}
