import { sql, type Kysely } from "kysely";

// Where a student stands on an exam, kept up to date as attempts finish (server/src/exam/standing.ts).
// exam_best_scores: each student's best finished (submitted or expired) attempt per exam, and the
// best it replaced, so one statement can move that student's count from the old score to the new.
// exam_score_counts: how many students have each best score (hundredths). Scores on a DTM sheet are
// multiples of 0.1 up to 189, so an exam has at most ~1,900 rows here however many take it: a rank
// is a sum over those rows, never a count over 100,000 students.
// No foreign keys: both tables are derived from attempts (rebuildable), and a key check on exams
// would take a share lock on the one exam row from every finalizing transaction of the end storm.
// fillfactor 50 on the counts: every finish updates a row in place; the free room keeps those
// updates HOT (students is not indexed), so the table does not bloat during a sitting.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table exam_best_scores (
      exam_id uuid not null,
      user_id uuid not null,
      attempt_id uuid not null,
      score integer not null,
      previous_score integer,
      achieved_at timestamptz not null,
      primary key (exam_id, user_id)
    );

    create table exam_score_counts (
      exam_id uuid not null,
      score integer not null,
      students integer not null,
      primary key (exam_id, score)
    ) with (fillfactor = 50);

    insert into exam_best_scores (exam_id, user_id, attempt_id, score, achieved_at)
    select distinct on (exam_id, user_id) exam_id, user_id, id, score, coalesce(submitted_at, created_at)
    from attempts
    where status in ('submitted', 'expired') and score is not null
    order by exam_id, user_id, score desc, submitted_at;

    insert into exam_score_counts (exam_id, score, students)
    select exam_id, score, count(*) from exam_best_scores group by exam_id, score;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists exam_score_counts, exam_best_scores`.execute(db);
}
