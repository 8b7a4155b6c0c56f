import { sql, type Kysely } from "kysely";

// The operators' dashboard (docs/insights.md, "Operators' dashboard"): daily rollups by
// Asia/Tashkent day, refreshed incrementally by one node at a time (advisory lock), so the
// dashboard reads a few hundred rows whatever the number of attempts.
//
// The indexes let a refresh read one day of each base table by range: users and orders by their
// own timestamps, attempts by start and by close, and results by the time they were computed (the
// sweeper stamps an expired attempt with its deadline, which may lie before the last refresh;
// computed_at is when the row really appeared). Attempts are written at start and close only (never
// per answer), so two more indexes there cost the exam-day path two index entries per attempt.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index users_created_idx on users (created_at) where role = 'student';
    create index attempts_started_idx on attempts (started_at) where started_at is not null;
    create index attempts_submitted_idx on attempts (submitted_at) where submitted_at is not null;
    create index results_computed_idx on results (computed_at);
    create index orders_refunded_idx on orders (refunded_at) where refunded_at is not null;

    -- One row per day: what happened that day (each event on the day it happened).
    create table dashboard_days (
      day date primary key,
      registrations integer not null,
      active_students integer not null,
      attempts_started integer not null,
      attempts_finished integer not null,
      orders_paid integer not null,
      revenue_uzs bigint not null,
      refunds integer not null,
      refunded_uzs bigint not null
    );

    -- Attempts by the day they started, per exam; completed = of those, closed as submitted or expired.
    create table dashboard_exam_days (
      day date not null,
      exam_id uuid not null references exams (id) on delete cascade,
      started integer not null,
      completed integer not null,
      primary key (day, exam_id)
    );

    -- Closed attempts by the day they closed, per direction and whole percent of the maximum score:
    -- a histogram, so the median of any range of days is exact to the percent.
    create table dashboard_score_days (
      day date not null,
      direction_id uuid not null references directions (id) on delete cascade,
      percent smallint not null check (percent between 0 and 100),
      attempts integer not null,
      primary key (day, direction_id, percent)
    );

    -- Students by the day they registered: how many have ever started an attempt, ever paid.
    create table dashboard_cohort_days (
      day date primary key,
      registered integer not null,
      attempted integer not null,
      paid integer not null
    );

    -- The one refresher's bookmark: base rows changed since watermark (less a margin) are re-read.
    create table dashboard_refresh (
      id boolean primary key default true check (id),
      watermark timestamptz not null,
      refreshed_at timestamptz not null,
      days integer not null,
      duration_ms integer not null
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists dashboard_refresh, dashboard_cohort_days, dashboard_score_days,
      dashboard_exam_days, dashboard_days;
    drop index if exists users_created_idx, attempts_started_idx, attempts_submitted_idx,
      results_computed_idx, orders_refunded_idx;
  `.execute(db);
}
