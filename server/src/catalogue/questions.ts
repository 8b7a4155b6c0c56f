import type { AdminQuestion, createQuestionsBody, updateQuestionBody } from "@imtihon/client-sdk/protocol";
import type { Database, QuestionRow } from "@imtihon/db";
import { sql, type Kysely } from "kysely";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { AppError, notFound } from "../errors.ts";
import { unknownReferences } from "./directions.ts";
import { jsonb } from "./jsonb.ts";

/** Whether a question is in a published exam, as a SQL expression on `questions.id`. */
const frozenExpr = sql<boolean>`exists (
  select 1 from exam_questions eq join exams e on e.id = eq.exam_id
  where eq.question_id = questions.id and e.status = 'published'
)`;

function toAdminQuestion(q: QuestionRow & { frozen: boolean }): AdminQuestion {
  return {
    id: q.id,
    subjectId: q.subject_id,
    kind: q.kind,
    stem: q.stem,
    options: q.options,
    correct: q.correct,
    frozen: q.frozen,
  };
}

/** Runs `fn` in the caller's transaction (the bank's import), or in a new one: Kysely cannot nest them. */
const inTransaction = <T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

/** Inserts all questions in one transaction (all or nothing); ids come back in input order. */
export async function createQuestions(
  db: Kysely<Database>,
  items: z.infer<typeof createQuestionsBody>["items"],
  createdBy: string,
): Promise<string[]> {
  const subjectIds = [...new Set(items.map((q) => q.subjectId))];
  // Ids are made here, so the answer's order is the input's whatever order Postgres returns rows in;
  // sorted, so a listing (created_at, id) shows one batch in input order too (an import, an export).
  const ids = items.map(() => randomUUID()).sort();
  await inTransaction(db, async (trx) => {
    const known = new Set(
      (await trx.selectFrom("subjects").select("id").where("id", "in", subjectIds).execute()).map(
        (s) => s.id,
      ),
    );
    const missing = items
      .map((q, i) => ({ q, i }))
      .filter(({ q }) => !known.has(q.subjectId))
      .map(({ q, i }) => ({ path: ["items", i, "subjectId"], message: `no subject ${q.subjectId}` }));
    if (missing.length) throw unknownReferences(missing);
    // Chunks keep each statement well under Postgres's 65535-parameter limit.
    for (let start = 0; start < items.length; start += 500) {
      await trx
        .insertInto("questions")
        .values(
          items.slice(start, start + 500).map((q, k) => ({
            id: ids[start + k]!,
            subject_id: q.subjectId,
            kind: q.kind,
            stem: q.stem,
            options: jsonb(q.options),
            correct: jsonb(q.correct),
            seed_key: null,
            created_by: createdBy,
          })),
        )
        .execute();
    }
  });
  return ids;
}

export async function listQuestions(
  db: Kysely<Database>,
  query: { subjectId?: string; limit?: number; offset?: number },
): Promise<AdminQuestion[]> {
  let q = db.selectFrom("questions").selectAll().select(frozenExpr.as("frozen"));
  if (query.subjectId) q = q.where("subject_id", "=", query.subjectId);
  const rows = await q
    .orderBy("created_at")
    .orderBy("id")
    .limit(query.limit ?? 500)
    .offset(query.offset ?? 0)
    .execute();
  return rows.map(toAdminQuestion);
}

/**
 * Replaces a question's kind, stem, options and correct options. A question in a published exam is
 * frozen (`conflict`): changing it would change results already given. The row lock pairs with
 * publishing's FOR SHARE on the exam's questions, so an edit and a publish never interleave.
 */
export async function updateQuestion(
  db: Kysely<Database>,
  id: string,
  input: z.infer<typeof updateQuestionBody>,
): Promise<AdminQuestion> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom("questions")
      .select("id")
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) throw notFound("question");
    // A new statement after the lock: its snapshot sees a publish that committed while we waited.
    const row = await trx
      .selectFrom("questions")
      .select(frozenExpr.as("frozen"))
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    if (row.frozen) throw new AppError("conflict", "the question is in a published exam and cannot change");
    const updated = await trx
      .updateTable("questions")
      .set({
        kind: input.kind,
        stem: input.stem,
        options: jsonb(input.options),
        correct: jsonb(input.correct),
      })
      .where("id", "=", id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return toAdminQuestion({ ...updated, frozen: false });
  });
}
