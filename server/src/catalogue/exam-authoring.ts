import type { AdminExam, createExamBody } from "@imtihon/client-sdk/protocol";
import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";
import type { z } from "zod";
import { AppError, notFound } from "../errors.ts";
import { unknownReferences } from "./directions.ts";
import { getAdminExam } from "./exam-views.ts";
import { toHundredths } from "../exam/points.ts";

type ExamInput = z.infer<typeof createExamBody>;
type Issue = { path: (string | number)[]; message: string };

/**
 * Creates a draft exam: checks every reference (direction, section subjects, questions, and that a
 * section's questions belong to its subject), then stores the exam, its sections and its questions
 * with per-question points in hundredths, and the totals.
 */
export async function createExam(
  db: Kysely<Database>,
  input: ExamInput,
  createdBy: string,
): Promise<AdminExam> {
  return writeExam(db, input, { createdBy });
}

/**
 * Replaces a draft with a whole new body (the same checks as creating one). The exam row is locked
 * first, so a publish racing the edit either lands before it (the edit is then refused) or after it.
 * A published exam is `conflict` with `details.reason: "published"`: its questions are frozen and
 * attempts may refer to it; duplicating it gives an editable draft.
 */
export async function updateDraftExam(
  db: Kysely<Database>,
  examId: string,
  input: ExamInput,
): Promise<AdminExam> {
  return writeExam(db, input, { draftId: examId });
}

async function writeExam(
  db: Kysely<Database>,
  input: ExamInput,
  target: { createdBy: string } | { draftId: string },
): Promise<AdminExam> {
  const questionIds = input.sections.flatMap((s) => s.questionIds);
  const subjectIds = [...new Set(input.sections.flatMap((s) => (s.subjectId ? [s.subjectId] : [])))];
  const examId = await db.transaction().execute(async (trx) => {
    if ("draftId" in target) {
      const current = await trx
        .selectFrom("exams")
        .select("status")
        .where("id", "=", target.draftId)
        .forUpdate()
        .executeTakeFirst();
      if (!current) throw notFound("exam");
      if (current.status !== "draft")
        throw new AppError("conflict", "only a draft can be edited", { reason: "published" });
    }
    const issues: Issue[] = [];
    if (input.directionId) {
      const d = await trx
        .selectFrom("directions")
        .select("id")
        .where("id", "=", input.directionId)
        .executeTakeFirst();
      if (!d) issues.push({ path: ["directionId"], message: `no direction ${input.directionId}` });
    }
    const subjects = subjectIds.length
      ? new Set(
          (await trx.selectFrom("subjects").select("id").where("id", "in", subjectIds).execute()).map(
            (s) => s.id,
          ),
        )
      : new Set<string>();
    const questions = new Map(
      (
        await trx
          .selectFrom("questions")
          .select(["id", "subject_id"])
          .where("id", "in", questionIds)
          .execute()
      ).map((q) => [q.id, q.subject_id]),
    );
    for (const [si, s] of input.sections.entries()) {
      if (s.subjectId && !subjects.has(s.subjectId)) {
        issues.push({ path: ["sections", si, "subjectId"], message: `no subject ${s.subjectId}` });
      }
      for (const [qi, qid] of s.questionIds.entries()) {
        const subject = questions.get(qid);
        if (subject === undefined)
          issues.push({ path: ["sections", si, "questionIds", qi], message: `no question ${qid}` });
        else if (s.subjectId && subject !== s.subjectId) {
          issues.push({
            path: ["sections", si, "questionIds", qi],
            message: "the question belongs to another subject",
          });
        }
      }
    }
    if (issues.length) throw unknownReferences(issues);

    const sections = input.sections.map((s) => ({ ...s, hundredths: toHundredths(s.pointsPerQuestion) }));
    const settings = {
      title: input.title,
      direction_id: input.directionId ?? null,
      mode: input.mode,
      duration_seconds: input.durationSeconds,
      shuffle_questions: input.shuffleQuestions ?? false,
      shuffle_options: input.shuffleOptions ?? false,
      opens_at: input.opensAt ? new Date(input.opensAt) : null,
      closes_at: input.closesAt ? new Date(input.closesAt) : null,
      max_attempts: input.maxAttempts ?? null,
      review: input.review ?? "score",
      price_uzs: input.priceUzs ?? 0,
      certificate: input.certificate ?? false,
      question_count: questionIds.length,
      max_score: sections.reduce((sum, s) => sum + s.hundredths * s.questionIds.length, 0),
    };
    let exam: { id: string };
    if ("draftId" in target) {
      // A draft has no attempts, so its sections and questions are simply written anew.
      exam = { id: target.draftId };
      await trx.updateTable("exams").set(settings).where("id", "=", exam.id).execute();
      await trx.deleteFrom("exam_questions").where("exam_id", "=", exam.id).execute();
      await trx.deleteFrom("exam_sections").where("exam_id", "=", exam.id).execute();
    } else {
      exam = await trx
        .insertInto("exams")
        .values({ ...settings, seed_key: null, created_by: target.createdBy, published_at: null })
        .returning("id")
        .executeTakeFirstOrThrow();
    }
    await trx
      .insertInto("exam_sections")
      .values(
        sections.map((s, position) => ({
          exam_id: exam.id,
          position,
          title: s.title,
          subject_id: s.subjectId ?? null,
          points: s.hundredths,
          scoring: s.scoring ?? "all_or_nothing",
        })),
      )
      .execute();
    const rows = sections.flatMap((s, section) =>
      s.questionIds.map((question_id) => ({ exam_id: exam.id, question_id, section, points: s.hundredths })),
    );
    for (let start = 0; start < rows.length; start += 1000) {
      await trx
        .insertInto("exam_questions")
        .values(rows.slice(start, start + 1000).map((r, k) => ({ ...r, position: start + k })))
        .execute();
    }
    return exam.id;
  });
  return getAdminExam(db, examId);
}

/**
 * Publishing is idempotent: publishing a published exam answers it unchanged. The exam's questions
 * are locked FOR SHARE first, so a concurrent question edit either finishes before or sees the exam
 * published and is refused.
 */
export async function publishExam(
  db: Kysely<Database>,
  examId: string,
): Promise<{ exam: AdminExam; changed: boolean }> {
  const changed = await db.transaction().execute(async (trx) => {
    const exam = await trx
      .selectFrom("exams")
      .select("status")
      .where("id", "=", examId)
      .forUpdate()
      .executeTakeFirst();
    if (!exam) throw notFound("exam");
    if (exam.status === "published") return false;
    await trx
      .selectFrom("questions")
      .select("id")
      .where("id", "in", trx.selectFrom("exam_questions").select("question_id").where("exam_id", "=", examId))
      .forShare()
      .execute();
    await trx
      .updateTable("exams")
      .set({ status: "published", published_at: new Date() })
      .where("id", "=", examId)
      .execute();
    return true;
  });
  return { exam: await getAdminExam(db, examId), changed };
}
