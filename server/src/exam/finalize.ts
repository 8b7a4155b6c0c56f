import type { AnswerResponse, AttemptStatus, Database, SectionResultRow, TopicResultRow } from "@imtihon/db";
import { sql, type Kysely, type Transaction } from "kysely";
import type { ExamContentCache } from "./content.ts";
import { scoreAnswers } from "./scoring.ts";
import { recordBestScores } from "./standing-record.ts";

export type ClosedStatus = Extract<AttemptStatus, "submitted" | "expired" | "terminated">;

export interface ClosedAttempt {
  attemptId: string;
  examId: string;
  sessionId: string | null;
  userId: string;
  status: ClosedStatus;
  submittedAt: Date;
  /** Hundredths. */
  score: number;
  maxScore: number;
  correct: number;
  total: number;
  sections: SectionResultRow[];
  /** questionId → hundredths earned. */
  items: Record<string, number>;
  topics: TopicResultRow[];
}

interface LockedAttempt {
  id: string;
  exam_id: string;
  session_id: string | null;
  user_id: string;
  deadline_at: Date | null;
}

/**
 * Scores and closes attempts that the caller has locked FOR UPDATE inside `trx`. One read of all
 * their answers, one update, one insert, one standing upsert: the sweeper closes hundreds per statement.
 * `at: "deadline"` stamps an expired attempt at its deadline, not at sweep time.
 */
export async function closeLockedAttempts(
  trx: Transaction<Database>,
  content: ExamContentCache,
  attempts: LockedAttempt[],
  status: ClosedStatus,
  at: "deadline" | "now",
): Promise<ClosedAttempt[]> {
  if (attempts.length === 0) return [];
  const ids = attempts.map((a) => a.id);
  // Answers attempt by attempt through the primary key: `offset 0` keeps the planner from turning
  // this into one join over the whole answers table when its statistics are stale.
  const { rows: answers } = await sql<{ attempt_id: string; question_id: string; response: AnswerResponse }>`
    select x.attempt_id, x.question_id, x.response
    from unnest(${ids}::uuid[]) as t(id)
    cross join lateral (select attempt_id, question_id, response from answers where attempt_id = t.id offset 0) x`.execute(
    trx,
  );
  const byAttempt = new Map<string, Map<string, AnswerResponse>>();
  for (const a of answers) {
    let m = byAttempt.get(a.attempt_id);
    if (!m) byAttempt.set(a.attempt_id, (m = new Map()));
    m.set(a.question_id, a.response);
  }
  const now = new Date();
  const closed: ClosedAttempt[] = [];
  for (const a of attempts) {
    const exam = await content.get(a.exam_id);
    const s = scoreAnswers(exam, byAttempt.get(a.id) ?? new Map());
    const submittedAt = at === "deadline" && a.deadline_at && a.deadline_at < now ? a.deadline_at : now;
    closed.push({
      attemptId: a.id,
      examId: a.exam_id,
      sessionId: a.session_id,
      userId: a.user_id,
      status,
      submittedAt,
      ...s,
    });
  }
  const rows = closed.map((c) => ({
    id: c.attemptId,
    status: c.status,
    submitted_at: c.submittedAt.toISOString(),
    score: c.score,
    correct: c.correct,
    total: c.total,
    max_score: c.maxScore,
    sections: c.sections,
    items: c.items,
    topics: c.topics,
  }));
  const payload = JSON.stringify(rows);
  await sql`
    update attempts a set status = r.status, submitted_at = r.submitted_at, score = r.score, paused_at = null
    from jsonb_to_recordset(${payload}::jsonb) as r(id uuid, status text, submitted_at timestamptz, score integer)
    where a.id = r.id and a.id = any(${ids}::uuid[])`.execute(trx);
  await sql`
    insert into results (attempt_id, score, max_score, correct, total, sections, items, topics)
    select r.id, r.score, r.max_score, r.correct, r.total, r.sections, r.items, r.topics
    from jsonb_to_recordset(${payload}::jsonb)
      as r(id uuid, score integer, max_score integer, correct integer, total integer, sections jsonb,
        items jsonb, topics jsonb)
    on conflict (attempt_id) do nothing`.execute(trx);
  await recordBestScores(trx, closed);
  return closed;
}

/** Locks one attempt and closes it if it is still open; null when it was closed already. */
export async function closeAttempt(
  db: Kysely<Database>,
  content: ExamContentCache,
  attemptId: string,
  status: ClosedStatus,
  at: "deadline" | "now" = "now",
): Promise<ClosedAttempt | null> {
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom("attempts")
      .select(["id", "exam_id", "session_id", "user_id", "deadline_at", "status"])
      .where("id", "=", attemptId)
      .forUpdate()
      .executeTakeFirst();
    if (!row || (row.status !== "in_progress" && row.status !== "lobby")) return null;
    const [closed] = await closeLockedAttempts(trx, content, [row], status, at);
    return closed ?? null;
  });
}
