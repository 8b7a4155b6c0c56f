import type {
  AdminQuestion,
  BulkQuestionsInput,
  QuestionInput,
  UpdateQuestionInput,
  adminQuestionsQuery,
} from "@imtihon/client-sdk/protocol";
import type { Database, QuestionRow } from "@imtihon/db";
import { sql, type Kysely, type Transaction } from "kysely";
import { randomUUID } from "node:crypto";
import type { z } from "zod";
import { AppError, notFound } from "../errors.ts";
import { unknownReferences } from "./directions.ts";
import { jsonb } from "./jsonb.ts";
import { checkTopics, topicAndDescendants } from "./topics.ts";

/** Whether a question is in a published exam, as a SQL expression on `questions.id`. */
const frozenExpr = sql<boolean>`exists (
  select 1 from exam_questions eq join exams e on e.id = eq.exam_id
  where eq.question_id = questions.id and e.status = 'published'
)`;
/** Whether this row is its family's newest version. */
const latestExpr = sql<boolean>`not exists (
  select 1 from questions n where n.family_id = questions.family_id and n.version > questions.version
)`;

export function toAdminQuestion(q: QuestionRow, topicIds: string[], frozen: boolean): AdminQuestion {
  const out: AdminQuestion = {
    id: q.id,
    subjectId: q.subject_id,
    kind: q.kind,
    stem: q.stem,
    options: q.kind === "matching" ? [] : q.options,
    correct: q.correct,
    explanation: q.explanation,
    topicIds,
    difficulty: q.difficulty,
    familyId: q.family_id,
    version: q.version,
    frozen,
  };
  if (q.kind === "numeric" && q.answer) out.answer = q.answer;
  if (q.kind === "short_text" && q.accepted) out.accepted = q.accepted;
  if (q.kind === "matching") {
    out.left = q.options;
    out.right = q.right_items ?? [];
    out.pairs = q.pairs ?? [];
  }
  return out;
}

/** The content columns of an authored question: the key in the columns of its kind, the rest empty. */
function contentColumns(q: UpdateQuestionInput) {
  const none = { answer: null, accepted: null, right_items: null, pairs: null };
  const common = { kind: q.kind, stem: q.stem, explanation: q.explanation || null };
  switch (q.kind) {
    case "single":
    case "multiple":
      return { ...common, ...none, options: q.options, correct: q.correct };
    case "numeric":
      return {
        ...common,
        ...none,
        options: [],
        correct: [],
        answer: { value: q.answer.value, tolerance: q.answer.tolerance ?? 0 },
      };
    case "short_text":
      return { ...common, ...none, options: [], correct: [], accepted: q.accepted };
    case "matching":
      return {
        ...common,
        ...none,
        options: q.left,
        correct: [],
        right_items: q.right,
        pairs: q.pairs.map(([l, r]) => [l, r] as [string, string]),
      };
  }
}
type Content = ReturnType<typeof contentColumns>;

/** Content columns as values for an insert or update (jsonb ones encoded). */
function contentValues(c: Content) {
  const j = (v: unknown) => (v === null ? null : jsonb(v));
  return {
    kind: c.kind,
    stem: c.stem,
    explanation: c.explanation,
    options: jsonb(c.options),
    correct: jsonb(c.correct),
    answer: j(c.answer),
    accepted: j(c.accepted),
    right_items: j(c.right_items),
    pairs: j(c.pairs),
  };
}

function sameContent(row: QuestionRow, c: Content): boolean {
  const stored: Content = {
    kind: row.kind,
    stem: row.stem,
    explanation: row.explanation,
    options: row.options,
    correct: row.correct,
    answer: row.answer,
    accepted: row.accepted,
    right_items: row.right_items,
    pairs: row.pairs,
  } as Content;
  return JSON.stringify(stored) === JSON.stringify({ ...stored, ...c });
}

async function topicIdsOf(db: Kysely<Database>, ids: string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  if (!ids.length) return out;
  const rows = await db
    .selectFrom("question_topics")
    .select(["question_id", "topic_id"])
    .where("question_id", "in", ids)
    .orderBy("topic_id")
    .execute();
  for (const r of rows) out.get(r.question_id)?.push(r.topic_id);
  return out;
}

async function setTopics(trx: Transaction<Database>, questionId: string, topicIds: string[]) {
  await trx.deleteFrom("question_topics").where("question_id", "=", questionId).execute();
  if (topicIds.length)
    await trx
      .insertInto("question_topics")
      .values([...new Set(topicIds)].map((topic_id) => ({ question_id: questionId, topic_id })))
      .execute();
}

/** Runs `fn` in the caller's transaction (the bank's import), or in a new one: Kysely cannot nest them. */
const inTransaction = <T>(db: Kysely<Database>, fn: (trx: Kysely<Database>) => Promise<T>): Promise<T> =>
  db.isTransaction ? fn(db) : db.transaction().execute(fn);

/** Inserts all questions in one transaction (all or nothing); ids come back in input order. */
export async function createQuestions(
  db: Kysely<Database>,
  items: QuestionInput[],
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
    missing.push(
      ...(await checkTopics(
        trx,
        items.map((q, i) => ({ subjectId: q.subjectId, topicIds: q.topicIds, path: ["items", i] })),
      )),
    );
    if (missing.length) throw unknownReferences(missing);
    // Chunks keep each statement well under Postgres's 65535-parameter limit.
    for (let start = 0; start < items.length; start += 500) {
      await trx
        .insertInto("questions")
        .values(
          items.slice(start, start + 500).map((q, k) => ({
            id: ids[start + k]!,
            subject_id: q.subjectId,
            ...contentValues(contentColumns(q)),
            difficulty: q.difficulty ?? null,
            seed_key: null,
            created_by: createdBy,
          })),
        )
        .execute();
    }
    const links = items.flatMap((q, i) =>
      [...new Set(q.topicIds ?? [])].map((topic_id) => ({ question_id: ids[i]!, topic_id })),
    );
    for (let start = 0; start < links.length; start += 5000)
      await trx
        .insertInto("question_topics")
        .values(links.slice(start, start + 5000))
        .execute();
  });
  return ids;
}

/** The bank: the newest version of each question, filtered; `topicId` includes the topics below it. */
export async function listQuestions(
  db: Kysely<Database>,
  query: z.infer<typeof adminQuestionsQuery>,
): Promise<AdminQuestion[]> {
  let q = db.selectFrom("questions").selectAll().select(frozenExpr.as("frozen")).where(latestExpr);
  if (query.subjectId) q = q.where("subject_id", "=", query.subjectId);
  if (query.kind) q = q.where("kind", "=", query.kind);
  if (query.difficulty) q = q.where("difficulty", "=", query.difficulty);
  if (query.q) {
    const like = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where("stem", "ilike", like);
  }
  if (query.topicId) {
    const topics = topicAndDescendants(query.topicId);
    q = q.where(({ exists, selectFrom }) =>
      exists(
        selectFrom("question_topics as qt")
          .select("qt.topic_id")
          .whereRef("qt.question_id", "=", "questions.id")
          .where(sql<boolean>`qt.topic_id in ${topics}`),
      ),
    );
  }
  const rows = await q
    .orderBy("created_at")
    .orderBy("id")
    .limit(query.limit ?? 500)
    .offset(query.offset ?? 0)
    .execute();
  const topics = await topicIdsOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => toAdminQuestion(r, topics.get(r.id) ?? [], r.frozen));
}

/**
 * Replaces a question's content, topics and difficulty. Only the newest version can be edited. A
 * question in a published exam is frozen: an edit of its content inserts the next version (a new id
 * of the same family) and points the draft exams that used the old one at it, while published exams,
 * attempts and results keep the version they had; topics and difficulty alone are labels and change
 * in place. The row lock pairs with publishing's FOR SHARE on the exam's questions, so an edit and a
 * publish never interleave.
 */
export async function updateQuestion(
  db: Kysely<Database>,
  id: string,
  input: UpdateQuestionInput,
): Promise<AdminQuestion> {
  return db.transaction().execute(async (trx) => {
    const locked = await trx
      .selectFrom("questions")
      .select("id")
      .where("id", "=", id)
      .forUpdate()
      .executeTakeFirst();
    if (!locked) throw notFound("question");
    // A new statement after the lock: its snapshot sees a publish or an edit that committed meanwhile.
    const row = await trx
      .selectFrom("questions")
      .selectAll()
      .select([frozenExpr.as("frozen"), latestExpr.as("latest")])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    if (!row.latest) throw new AppError("conflict", "a newer version of this question exists: edit that one");
    const issues = await checkTopics(trx, [
      { subjectId: row.subject_id, topicIds: input.topicIds, path: [] },
    ]);
    if (issues.length) throw unknownReferences(issues);
    const content = contentColumns(input);
    const topicIds = [...new Set(input.topicIds ?? [])].sort();
    const difficulty = input.difficulty ?? null;
    if (!row.frozen || sameContent(row, content)) {
      const updated = await trx
        .updateTable("questions")
        .set({ ...contentValues(content), difficulty })
        .where("id", "=", id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await setTopics(trx, id, topicIds);
      return toAdminQuestion(updated, topicIds, row.frozen);
    }
    const next = await trx
      .insertInto("questions")
      .values({
        subject_id: row.subject_id,
        ...contentValues(content),
        difficulty,
        family_id: row.family_id,
        version: row.version + 1,
        seed_key: null,
        created_by: row.created_by,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await setTopics(trx, next.id, topicIds);
    // Drafts follow the bank's newest version (the new id is in no exam yet, so no row collides).
    await sql`
      update exam_questions eq set question_id = ${next.id}
      from exams e
      where e.id = eq.exam_id and e.status = 'draft' and eq.question_id = ${id}`.execute(trx);
    return toAdminQuestion(next, topicIds, false);
  });
}

/** One action on many questions; an id that names no question is `not_found`, nothing changed. */
export async function bulkQuestions(
  db: Kysely<Database>,
  input: BulkQuestionsInput,
): Promise<{ updated: number; skipped: string[] }> {
  const ids = [...new Set(input.ids)];
  return db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("questions")
      .select(["id", "subject_id"])
      .where("id", "in", ids)
      .orderBy("id")
      .forUpdate()
      .execute();
    if (rows.length !== ids.length) {
      const found = new Set(rows.map((r) => r.id));
      throw unknownReferences(
        ids.flatMap((qid, i) =>
          found.has(qid) ? [] : [{ path: ["ids", i], message: `no question ${qid}` }],
        ),
      );
    }
    switch (input.action) {
      case "set_difficulty": {
        await trx
          .updateTable("questions")
          .set({ difficulty: input.difficulty })
          .where("id", "in", ids)
          .execute();
        return { updated: ids.length, skipped: [] };
      }
      case "add_topic":
      case "remove_topic": {
        const issues = await checkTopics(
          trx,
          rows.map((r) => ({
            subjectId: r.subject_id,
            topicIds: [input.topicId],
            path: ["ids", ids.indexOf(r.id)],
          })),
        );
        if (issues.length) throw unknownReferences(issues);
        if (input.action === "add_topic") {
          const added = await trx
            .insertInto("question_topics")
            .values(ids.map((question_id) => ({ question_id, topic_id: input.topicId })))
            .onConflict((oc) => oc.doNothing())
            .returning("question_id")
            .execute();
          return { updated: added.length, skipped: [] };
        }
        const removed = await trx
          .deleteFrom("question_topics")
          .where("question_id", "in", ids)
          .where("topic_id", "=", input.topicId)
          .executeTakeFirst();
        return { updated: Number(removed.numDeletedRows), skipped: [] };
      }
      case "delete_unused": {
        // A question in any exam, draft or published, is kept: attempts and results may refer to it.
        const used = new Set(
          (
            await trx
              .selectFrom("exam_questions")
              .select("question_id")
              .distinct()
              .where("question_id", "in", ids)
              .execute()
          ).map((r) => r.question_id),
        );
        const deletable = ids.filter((qid) => !used.has(qid));
        if (deletable.length) await trx.deleteFrom("questions").where("id", "in", deletable).execute();
        return { updated: deletable.length, skipped: ids.filter((qid) => used.has(qid)) };
      }
    }
  });
}
