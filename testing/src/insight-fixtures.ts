import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";
import { randomBytes } from "node:crypto";
import { call, connectRaw } from "./socket.ts";

export interface SubjectExam {
  id: string;
  title: string;
  /** One subject per section, in section order. */
  subjects: { id: string; name: string }[];
  /** Questions in authored order with their section index; option "a" is right, "b" wrong. */
  questions: { id: string; section: number }[];
}

/**
 * A published exam whose sections each have their own subject (`createExam` puts every section on
 * one subject). Subjects are reused by name within a database, so two exams can share one.
 */
export async function createSubjectExam(
  db: Kysely<Database>,
  spec: {
    title?: string;
    sections: { subject: string; count: number; points: number }[];
    review?: "none" | "score" | "full";
    mode?: "self_paced" | "live";
    closesAt?: Date | null;
  },
): Promise<SubjectExam> {
  const tag = randomBytes(4).toString("hex");
  const subjects: SubjectExam["subjects"] = [];
  for (const s of spec.sections) {
    const found = await db
      .selectFrom("subjects")
      .select(["id", "name"])
      .where("name", "=", s.subject)
      .executeTakeFirst();
    subjects.push(
      found ??
        (await db
          .insertInto("subjects")
          .values({ code: `s-${randomBytes(4).toString("hex")}`, name: s.subject })
          .returning(["id", "name"])
          .executeTakeFirstOrThrow()),
    );
  }
  const title = spec.title ?? `Imtihon ${tag}`;
  const exam = await db
    .insertInto("exams")
    .values({
      title,
      direction_id: null,
      mode: spec.mode ?? "self_paced",
      duration_seconds: 600,
      status: "published",
      review: spec.review ?? "score",
      question_count: spec.sections.reduce((n, s) => n + s.count, 0),
      max_score: spec.sections.reduce((n, s) => n + s.count * s.points, 0),
      closes_at: spec.closesAt ?? null,
      opens_at: null,
      max_attempts: null,
      seed_key: null,
      created_by: null,
      published_at: new Date(),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const questions: SubjectExam["questions"] = [];
  for (const [i, s] of spec.sections.entries()) {
    await db
      .insertInto("exam_sections")
      .values({
        exam_id: exam.id,
        position: i,
        title: s.subject,
        subject_id: subjects[i]!.id,
        points: s.points,
      })
      .execute();
    const rows = await db
      .insertInto("questions")
      .values(
        Array.from({ length: s.count }, (_, k) => ({
          subject_id: subjects[i]!.id,
          kind: "single" as const,
          stem: `${s.subject} ${k + 1}`,
          options: JSON.stringify([
            { id: "a", text: "to'g'ri" },
            { id: "b", text: "noto'g'ri" },
          ]),
          correct: JSON.stringify(["a"]),
          seed_key: null,
          created_by: null,
        })),
      )
      .returning("id")
      .execute();
    for (const r of rows) questions.push({ id: r.id, section: i });
  }
  await db
    .insertInto("exam_questions")
    .values(
      questions.map((q, position) => ({
        exam_id: exam.id,
        question_id: q.id,
        section: q.section,
        position,
        points: spec.sections[q.section]!.points,
      })),
    )
    .execute();
  return { id: exam.id, title, subjects, questions };
}

/**
 * Takes a self-paced exam over the socket like a student: starts, answers each question right when
 * `right(question)` says so (wrong otherwise; `null` leaves it blank), submits. Returns the attempt id.
 */
export async function takeExam(
  url: string,
  token: string,
  exam: SubjectExam,
  right: (q: SubjectExam["questions"][number], index: number) => boolean | null,
  options: { submit?: boolean } = {},
): Promise<string> {
  const socket = await connectRaw(url, token);
  try {
    const start = await call(socket, "attempt:start", { examId: exam.id });
    if (!start.ok) throw new Error(`attempt:start: ${JSON.stringify(start.error)}`);
    const attemptId = start.attempt.id;
    let seq = 0;
    for (const [i, q] of exam.questions.entries()) {
      const r = right(q, i);
      if (r === null) continue;
      const saved = await call(socket, "answer:save", {
        attemptId,
        questionId: q.id,
        response: { choice: r ? "a" : "b" },
        seq: ++seq,
      });
      if (!saved.ok) throw new Error(`answer:save: ${JSON.stringify(saved.error)}`);
    }
    if (options.submit !== false) {
      const done = await call(socket, "attempt:submit", { attemptId });
      if (!done.ok) throw new Error(`attempt:submit: ${JSON.stringify(done.error)}`);
    }
    return attemptId;
  } finally {
    socket.disconnect();
  }
}
