import { sql, type Kysely, type RawBuilder, type Transaction } from "kysely";
import type { Database } from "../database.ts";
import {
  DIRECTIONS,
  EXAMS,
  LABELS,
  QUESTIONS,
  RICH_QUESTIONS,
  SUBJECTS,
  type SeedExam,
} from "./catalogue.ts";
import type { RichSeedQuestion } from "./bank/turlar.ts";
import { FIGURES } from "./figures.ts";
import { DEMO_PASSING_SCORES, DEMO_PASSING_YEAR } from "./passing-scores.ts";

export const SEED_KEY_PREFIX = "demo/";

/**
 * Loads the demo catalogue. Idempotent: subjects and directions are matched by code, questions
 * and exams by seed_key, and rows that already exist are left exactly as they are (an exam may
 * already have attempts). One transaction under an advisory lock, so nodes starting together
 * seed once and a failure leaves nothing half-written.
 */
export async function seedDemo(db: Kysely<Database>): Promise<{ exams: number; questions: number }> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('imtihon:seed-demo'))`.execute(trx);

    await trx
      .insertInto("subjects")
      .values(SUBJECTS.map((s) => ({ code: s.code, name: s.name })))
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
    const subjectIds = await idsBy(
      trx,
      "subjects",
      SUBJECTS.map((s) => s.code),
    );

    await trx
      .insertInto("directions")
      .values(DIRECTIONS.map((d) => ({ code: d.code, name: d.name })))
      .onConflict((oc) => oc.column("code").doNothing())
      .execute();
    const directionIds = await idsBy(
      trx,
      "directions",
      DIRECTIONS.map((d) => d.code),
    );

    await trx
      .insertInto("direction_subjects")
      .values(
        DIRECTIONS.flatMap((d) =>
          d.specialties.map((subject, i) => ({
            direction_id: need(directionIds, d.code),
            subject_id: need(subjectIds, subject),
            position: i + 1,
          })),
        ),
      )
      .onConflict((oc) => oc.columns(["direction_id", "subject_id"]).doNothing())
      .execute();

    // The figures the bank's texts show, stored like uploads: by content hash, once.
    await trx
      .insertInto("media")
      .values(
        Object.values(FIGURES).map((f) => ({
          id: f.id,
          mime: "image/webp" as const,
          width: f.width,
          height: f.height,
          size: f.bytes.length,
          bytes: Buffer.from(f.bytes),
          alt: f.alt,
          created_by: null,
        })),
      )
      .onConflict((oc) => oc.column("id").doNothing())
      .execute();
    // Demo (not official) passing scores, so the admission view has something to compare with.
    await trx
      .insertInto("passing_scores")
      .values(
        DEMO_PASSING_SCORES.map((p) => ({
          year: DEMO_PASSING_YEAR,
          university: p.university,
          direction_id: need(directionIds, p.direction),
          form: p.form,
          language: p.language,
          grant_score: p.grant === null ? null : Math.round(p.grant * 100),
          contract_score: p.contract === null ? null : Math.round(p.contract * 100),
          demo: true,
        })),
      )
      .onConflict((oc) => oc.columns(["direction_id", "year", "university", "form", "language"]).doNothing())
      .execute();

    await trx
      .insertInto("questions")
      .values(
        QUESTIONS.map((q) => ({
          subject_id: need(subjectIds, q.subject),
          kind: "single" as const,
          stem: q.stem,
          options: jsonb(q.options),
          correct: jsonb([q.correct]),
          difficulty: LABELS.get(q.key)?.difficulty ?? null,
          seed_key: q.key,
        })),
      )
      .onConflict((oc) => oc.column("seed_key").doNothing())
      .execute();
    await trx
      .insertInto("questions")
      .values(RICH_QUESTIONS.map((q) => ({ subject_id: need(subjectIds, q.subject), ...richColumns(q) })))
      .onConflict((oc) => oc.column("seed_key").doNothing())
      .execute();
    const questionRows = await trx
      .selectFrom("questions")
      .select(["id", "seed_key"])
      .where("seed_key", "in", [...QUESTIONS.map((q) => q.key), ...RICH_QUESTIONS.map((q) => q.key)])
      .execute();
    const questionIds = new Map(questionRows.map((r) => [r.seed_key as string, r.id]));

    // Topic trees per subject, and each labelled question's topic (kept if it was linked already).
    const topicIds = new Map<string, string>();
    for (const label of LABELS.values()) {
      const path = `${label.subject}/${label.topic.join("/")}`;
      if (!topicIds.has(path))
        topicIds.set(path, await topicPath(trx, need(subjectIds, label.subject), label.topic));
    }
    await trx
      .insertInto("question_topics")
      .values(
        [...LABELS.entries()].map(([key, label]) => ({
          question_id: need(questionIds, key),
          topic_id: need(topicIds, `${label.subject}/${label.topic.join("/")}`),
        })),
      )
      .onConflict((oc) => oc.columns(["question_id", "topic_id"]).doNothing())
      .execute();

    for (const exam of EXAMS) {
      await insertExam(trx, exam, {
        subject: (code) => need(subjectIds, code),
        direction: (code) => need(directionIds, code),
        question: (key) => need(questionIds, key),
      });
    }

    const [exams, questions] = await Promise.all([countSeeded(trx, "exams"), countSeeded(trx, "questions")]);
    return { exams, questions };
  });
}

interface Ids {
  subject(code: string): string;
  direction(code: string): string;
  question(key: string): string;
}

/** Writes an exam with its sections and questions, unless an exam with its seed_key exists. */
async function insertExam(trx: Transaction<Database>, exam: SeedExam, ids: Ids): Promise<void> {
  const questionCount = exam.sections.reduce((n, s) => n + s.questionKeys.length, 0);
  const maxScore = exam.sections.reduce((n, s) => n + s.points * s.questionKeys.length, 0);
  const inserted = await trx
    .insertInto("exams")
    .values({
      title: exam.title,
      direction_id: exam.direction === null ? null : ids.direction(exam.direction),
      mode: exam.mode,
      duration_seconds: exam.durationSeconds,
      status: "published",
      // DTM order is by section; options are shuffled per student.
      shuffle_questions: false,
      shuffle_options: true,
      opens_at: null,
      closes_at: null,
      max_attempts: null,
      review: exam.review,
      price_uzs: exam.priceUzs ?? 0,
      question_count: questionCount,
      max_score: maxScore,
      seed_key: exam.key,
      created_by: null,
      published_at: new Date(),
    })
    .onConflict((oc) => oc.column("seed_key").doNothing())
    .returning("id")
    .executeTakeFirst();
  if (!inserted) return;

  await trx
    .insertInto("exam_sections")
    .values(
      exam.sections.map((s, position) => ({
        exam_id: inserted.id,
        position,
        title: s.title,
        subject_id: ids.subject(s.subject),
        points: s.points,
        scoring: s.scoring ?? "all_or_nothing",
      })),
    )
    .execute();

  let position = 0;
  await trx
    .insertInto("exam_questions")
    .values(
      exam.sections.flatMap((s, section) =>
        s.questionKeys.map((key) => ({
          exam_id: inserted.id,
          question_id: ids.question(key),
          section,
          position: position++,
          points: s.points,
        })),
      ),
    )
    .execute();
}

async function idsBy(
  trx: Transaction<Database>,
  table: "subjects" | "directions",
  codes: string[],
): Promise<Map<string, string>> {
  const rows = await trx.selectFrom(table).select(["id", "code"]).where("code", "in", codes).execute();
  return new Map(rows.map((r) => [r.code, r.id]));
}

async function countSeeded(trx: Transaction<Database>, table: "exams" | "questions"): Promise<number> {
  const row = await trx
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("seed_key", "like", `${SEED_KEY_PREFIX}%`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The content columns of a rich seed question (the key in the columns of its kind). */
function richColumns(q: RichSeedQuestion) {
  const base = {
    kind: q.kind,
    stem: q.stem,
    explanation: q.explanation ?? null,
    difficulty: q.difficulty,
    seed_key: q.key,
    options: jsonb([]),
    correct: jsonb([]),
  };
  switch (q.kind) {
    case "multiple":
      return { ...base, options: jsonb(q.options), correct: jsonb(q.correct) };
    case "numeric":
      return { ...base, answer: jsonb({ value: q.answer.value, tolerance: q.answer.tolerance ?? 0 }) };
    case "short_text":
      return { ...base, accepted: jsonb(q.accepted) };
    case "matching":
      return { ...base, options: jsonb(q.left), right_items: jsonb(q.right), pairs: jsonb(q.pairs) };
  }
}

/** The leaf id of a topic path, creating the missing levels (matched by name, case-insensitively). */
async function topicPath(trx: Transaction<Database>, subjectId: string, path: string[]): Promise<string> {
  let parent: string | null = null;
  for (const name of path) {
    const found: { id: string } | undefined = await trx
      .selectFrom("topics")
      .select("id")
      .where("subject_id", "=", subjectId)
      .where(sql<boolean>`parent_id is not distinct from ${parent}::uuid`)
      .where(sql<boolean>`lower(name) = lower(${name})`)
      .executeTakeFirst();
    parent =
      found?.id ??
      (
        await trx
          .insertInto("topics")
          .values({ subject_id: subjectId, parent_id: parent, name })
          .returning("id")
          .executeTakeFirstOrThrow()
      ).id;
  }
  if (parent === null) throw new Error("demo seed: empty topic path");
  return parent;
}

/** Text cast to jsonb, so the column holds the array itself however the driver types a string parameter. */
function jsonb(value: unknown): RawBuilder<string> {
  return sql<string>`cast(${JSON.stringify(value)} as text)::jsonb`;
}

function need(ids: Map<string, string>, key: string): string {
  const id = ids.get(key);
  if (id === undefined) throw new Error(`demo seed: no id for ${key}`);
  return id;
}
