import type { Database } from "@imtihon/db";
import { sql, type Transaction } from "kysely";
import type { ClosedAttempt } from "./finalize.ts";

/** The statuses that count as finished for standing and progress; `terminated` is not a finish. */
export const FINISHED = ["submitted", "expired"] as const;

/**
 * Keeps each student's best score per exam and the per-score counts up to date for a batch of
 * attempts just closed in `trx` — one statement for the whole batch (a sweep closes hundreds).
 * The best row is upserted only when the new score beats it; its `previous_score` (set by the same
 * upsert under the row's lock) says which count to take one from, so two nodes finishing the same
 * student's attempts cannot count them twice. Counts are written in (exam, score) order: two
 * batches touching the same scores lock them in the same order and wait, never deadlock.
 */
export async function recordBestScores(trx: Transaction<Database>, closed: ClosedAttempt[]): Promise<void> {
  const finished = closed.filter((c) => (FINISHED as readonly string[]).includes(c.status));
  if (finished.length === 0) return;
  const payload = JSON.stringify(
    finished.map((c) => ({
      exam_id: c.examId,
      user_id: c.userId,
      attempt_id: c.attemptId,
      score: c.score,
      at: c.submittedAt.toISOString(),
    })),
  );
  // One student may finish two attempts of an exam in one batch (two sessions): keep their best,
  // since an upsert may not touch the same row twice.
  await sql`
    with input as (
      select distinct on (r.exam_id, r.user_id) r.exam_id, r.user_id, r.attempt_id, r.score, r.at
      from jsonb_to_recordset(${payload}::jsonb) as r(exam_id uuid, user_id uuid, attempt_id uuid, score integer, at timestamptz)
      order by r.exam_id, r.user_id, r.score desc
    ),
    best as (
      insert into exam_best_scores as b (exam_id, user_id, attempt_id, score, achieved_at)
      select exam_id, user_id, attempt_id, score, at from input order by exam_id, user_id
      on conflict (exam_id, user_id) do update
        set previous_score = b.score, score = excluded.score, attempt_id = excluded.attempt_id,
          achieved_at = excluded.achieved_at
        where excluded.score > b.score
      returning b.exam_id, b.score, b.previous_score
    ),
    delta as (
      select exam_id, score, 1 as d from best
      union all
      select exam_id, previous_score, -1 from best where previous_score is not null
    )
    insert into exam_score_counts as c (exam_id, score, students)
    select exam_id, score, sum(d)::int from delta group by exam_id, score having sum(d) <> 0 order by exam_id, score
    on conflict (exam_id, score) do update set students = c.students + excluded.students`.execute(trx);
}
