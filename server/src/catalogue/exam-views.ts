import type { AdminExam, ExamDetail, ExamSection, ExamSummary } from "@imtihon/client-sdk/protocol";
import type { Database, ExamRow } from "@imtihon/db";
import type { Kysely } from "kysely";
import { notFound } from "../errors.ts";
import { toPoints } from "../exam/points.ts";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function toExamSummary(e: ExamRow): ExamSummary {
  return {
    id: e.id,
    title: e.title,
    directionId: e.direction_id,
    mode: e.mode,
    durationSeconds: e.duration_seconds,
    questionCount: e.question_count,
    maxScore: toPoints(e.max_score),
    opensAt: iso(e.opens_at),
    closesAt: iso(e.closes_at),
    priceUzs: e.price_uzs,
  };
}

function adminFields(e: ExamRow) {
  return {
    status: e.status,
    publishedAt: iso(e.published_at),
    shuffleQuestions: e.shuffle_questions,
    shuffleOptions: e.shuffle_options,
    maxAttempts: e.max_attempts,
    review: e.review,
    certificate: e.certificate,
  };
}

export function toAdminExamListItem(e: ExamRow): Omit<AdminExam, "sections"> {
  return { ...toExamSummary(e), ...adminFields(e) };
}

/** Published exams, optionally of one direction; newest first. */
export async function listPublishedExams(db: Kysely<Database>, directionId?: string): Promise<ExamSummary[]> {
  let q = db.selectFrom("exams").selectAll().where("status", "=", "published");
  if (directionId) q = q.where("direction_id", "=", directionId);
  const rows = await q.orderBy("published_at", "desc").orderBy("id").execute();
  return rows.map(toExamSummary);
}

export async function listAllExams(db: Kysely<Database>): Promise<Omit<AdminExam, "sections">[]> {
  const rows = await db.selectFrom("exams").selectAll().orderBy("created_at", "desc").orderBy("id").execute();
  return rows.map(toAdminExamListItem);
}

async function loadSections(db: Kysely<Database>, examId: string) {
  const [sections, questions] = await Promise.all([
    db.selectFrom("exam_sections").selectAll().where("exam_id", "=", examId).orderBy("position").execute(),
    db
      .selectFrom("exam_questions")
      .select(["question_id", "section"])
      .where("exam_id", "=", examId)
      .orderBy("position")
      .execute(),
  ]);
  return sections.map((s) => {
    const ids = questions.filter((q) => q.section === s.position).map((q) => q.question_id);
    const view: ExamSection & { questionIds: string[] } = {
      title: s.title,
      subjectId: s.subject_id,
      questionCount: ids.length,
      pointsPerQuestion: toPoints(s.points),
      scoring: s.scoring,
      questionIds: ids,
    };
    return view;
  });
}

/** An exam as any signed-in user sees it: drafts do not exist unless `includeDrafts`. */
export async function getExamDetail(
  db: Kysely<Database>,
  examId: string,
  includeDrafts: boolean,
): Promise<ExamDetail> {
  const exam = await db.selectFrom("exams").selectAll().where("id", "=", examId).executeTakeFirst();
  if (!exam || (exam.status !== "published" && !includeDrafts)) throw notFound("exam");
  const sections = (await loadSections(db, examId)).map(({ questionIds: _ids, ...s }) => s);
  return { ...toExamSummary(exam), sections };
}

export async function getAdminExam(db: Kysely<Database>, examId: string): Promise<AdminExam> {
  const exam = await db.selectFrom("exams").selectAll().where("id", "=", examId).executeTakeFirst();
  if (!exam) throw notFound("exam");
  return { ...toExamSummary(exam), ...adminFields(exam), sections: await loadSections(db, examId) };
}
