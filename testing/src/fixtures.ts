import type { Database, Role } from "@imtihon/db";
import type { Kysely } from "kysely";
import { randomBytes } from "node:crypto";
import { createTokenService } from "@imtihon/server/auth";
import { TEST_JWT_SECRET } from "./server.ts";

const tokens = createTokenService(TEST_JWT_SECRET);

export interface TestUser {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  token: string;
}

/** A user row with an unusable password hash and a valid access token (signed with the test secret). */
export async function createUser(
  db: Kysely<Database>,
  role: Role = "student",
  name?: string,
): Promise<TestUser> {
  const tag = randomBytes(5).toString("hex");
  const fullName = name ?? `${role} ${tag}`;
  const email = `${role}-${tag}@test.local`;
  const row = await db
    .insertInto("users")
    .values({ email, password_hash: "x", full_name: fullName, role, disabled_at: null })
    .returning(["id"])
    .executeTakeFirstOrThrow();
  const { token } = await tokens.signAccess({ id: row.id, role, tokenVersion: 0 });
  return { id: row.id, email, fullName, role, token };
}

export async function createUsers(
  db: Kysely<Database>,
  n: number,
  role: Role = "student",
): Promise<TestUser[]> {
  return Promise.all(
    Array.from({ length: n }, (_, i) => createUser(db, role, `${role} ${String(i).padStart(4, "0")}`)),
  );
}

export interface ExamFixture {
  id: string;
  /** Questions in authored order, with their correct option. */
  questions: { id: string; correct: string; wrong: string; section: number; points: number }[];
  maxScore: number;
}

export interface ExamSpec {
  title?: string;
  mode?: "self_paced" | "live";
  durationSeconds?: number;
  /** Each section: question count and points (hundredths) per question. */
  sections?: { title: string; count: number; points: number }[];
  review?: "none" | "score" | "full";
  status?: "draft" | "published";
  shuffleQuestions?: boolean;
  shuffleOptions?: boolean;
  maxAttempts?: number | null;
  opensAt?: Date | null;
  closesAt?: Date | null;
  priceUzs?: number;
}

/** The DTM format: 3 × 10 × 1.1, 30 × 3.1, 30 × 2.1 = 90 questions, 189 points. */
export const DTM_SECTIONS = [
  { title: "Ona tili", count: 10, points: 110 },
  { title: "Matematika", count: 10, points: 110 },
  { title: "O'zbekiston tarixi", count: 10, points: 110 },
  { title: "Matematika (1-mutaxassislik)", count: 30, points: 310 },
  { title: "Fizika (2-mutaxassislik)", count: 30, points: 210 },
];

/** An exam of generated single-choice questions (option "a" is always right), written directly. */
export async function createExam(db: Kysely<Database>, spec: ExamSpec = {}): Promise<ExamFixture> {
  const sections = spec.sections ?? [{ title: "Matematika", count: 5, points: 100 }];
  const tag = randomBytes(4).toString("hex");
  const subject = await db
    .insertInto("subjects")
    .values({ code: `s-${tag}`, name: `Fan ${tag}` })
    .returning("id")
    .executeTakeFirstOrThrow();
  const total = sections.reduce((n, s) => n + s.count, 0);
  const qrows = await db
    .insertInto("questions")
    .values(
      Array.from({ length: total }, (_, i) => ({
        subject_id: subject.id,
        kind: "single" as const,
        stem: `${i + 2} + ${i + 3} = ?`,
        options: JSON.stringify([
          { id: "a", text: String(2 * i + 5) },
          { id: "b", text: String(2 * i + 6) },
          { id: "c", text: String(2 * i + 4) },
          { id: "d", text: String(2 * i + 7) },
        ]),
        correct: JSON.stringify(["a"]),
        seed_key: null,
        created_by: null,
      })),
    )
    .returning("id")
    .execute();
  const maxScore = sections.reduce((n, s) => n + s.count * s.points, 0);
  const exam = await db
    .insertInto("exams")
    .values({
      title: spec.title ?? `Imtihon ${tag}`,
      direction_id: null,
      mode: spec.mode ?? "self_paced",
      duration_seconds: spec.durationSeconds ?? 600,
      status: spec.status ?? "published",
      shuffle_questions: spec.shuffleQuestions ?? false,
      shuffle_options: spec.shuffleOptions ?? false,
      opens_at: spec.opensAt ?? null,
      closes_at: spec.closesAt ?? null,
      max_attempts: spec.maxAttempts ?? null,
      review: spec.review ?? "score",
      price_uzs: spec.priceUzs ?? 0,
      question_count: total,
      max_score: maxScore,
      seed_key: null,
      created_by: null,
      published_at: (spec.status ?? "published") === "published" ? new Date() : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  await db
    .insertInto("exam_sections")
    .values(
      sections.map((s, i) => ({
        exam_id: exam.id,
        position: i,
        title: s.title,
        subject_id: subject.id,
        points: s.points,
      })),
    )
    .execute();
  const questions: ExamFixture["questions"] = [];
  let k = 0;
  sections.forEach((s, si) => {
    for (let j = 0; j < s.count; j++, k++) {
      questions.push({ id: qrows[k]!.id, correct: "a", wrong: "b", section: si, points: s.points });
    }
  });
  await db
    .insertInto("exam_questions")
    .values(
      questions.map((q, i) => ({
        exam_id: exam.id,
        question_id: q.id,
        section: q.section,
        position: i,
        points: q.points,
      })),
    )
    .execute();
  return { id: exam.id, questions, maxScore };
}

export async function createSession(
  db: Kysely<Database>,
  examId: string,
  proctorId: string,
): Promise<string> {
  const s = await db
    .insertInto("live_sessions")
    .values({
      exam_id: examId,
      proctor_id: proctorId,
      started_at: null,
      deadline_at: null,
      paused_at: null,
      ended_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return s.id;
}
