import type { Database } from "@imtihon/db";
import { sql, type Kysely, type Transaction } from "kysely";

// Arbitrary constant (migrations use 726_1125): the one refresher across every node.
const REFRESH_LOCK_KEY = 726_1130;
/**
 * Rows are found by their own timestamps (now() at their transaction's start), so a transaction
 * that began before the last refresh and committed after it carries a time before the watermark.
 * Every refresh re-reads this much before it; the exam-day transactions last milliseconds.
 */
const MARGIN_MS = 5 * 60_000;
const ZONE = "Asia/Tashkent";

export interface RefreshOutcome {
  /** false: another node held the lock; nothing was done here. */
  refreshed: boolean;
  refreshedAt: Date | null;
  days: number;
  durationMs: number;
}

type Tx = Transaction<Database>;

/**
 * Brings the dashboard's rollups up to date in one transaction, so a reader sees every day either
 * before or after it. Incremental from the stored watermark: the days from the watermark (less the
 * margin) to today, plus the older days that late rows touched (an attempt the sweeper closed at a
 * deadline before the watermark; a student whose first attempt or payment makes an old cohort
 * change). `full` (and the first run) recomputes every day that has data.
 * One refresher at a time: a transaction-level advisory lock, tried, never waited for.
 */
export async function refreshDashboard(
  db: Kysely<Database>,
  options: { full?: boolean } = {},
): Promise<RefreshOutcome> {
  const started = performance.now();
  return db.transaction().execute(async (trx) => {
    const { rows } = await sql<{
      ok: boolean;
    }>`select pg_try_advisory_xact_lock(${REFRESH_LOCK_KEY}) as ok`.execute(trx);
    const state = await trx.selectFrom("dashboard_refresh").selectAll().executeTakeFirst();
    if (!rows[0]!.ok)
      return { refreshed: false, refreshedAt: state?.refreshed_at ?? null, days: 0, durationMs: 0 };
    const since = options.full || !state ? null : state.watermark;
    const days = since ? await changedDays(trx, since) : await allDays(trx);
    const cohorts = since ? await changedCohorts(trx, since) : days;
    if (!since)
      await sql`truncate dashboard_days, dashboard_exam_days, dashboard_score_days, dashboard_cohort_days`.execute(
        trx,
      );
    await recomputeDays(trx, days);
    await recomputeCohorts(trx, cohorts);
    const durationMs = Math.round(performance.now() - started);
    // The watermark is this transaction's start: everything committed before it was visible here.
    const { rows: saved } = await sql<{ refreshed_at: Date }>`
      insert into dashboard_refresh (id, watermark, refreshed_at, days, duration_ms)
      values (true, now(), clock_timestamp(), ${days.length}, ${durationMs})
      on conflict (id) do update set watermark = excluded.watermark, refreshed_at = excluded.refreshed_at,
        days = excluded.days, duration_ms = excluded.duration_ms
      returning refreshed_at`.execute(trx);
    return { refreshed: true, refreshedAt: saved[0]!.refreshed_at, days: days.length, durationMs };
  });
}

/** Every day from the first registration, attempt or payment to today. */
async function allDays(trx: Tx): Promise<string[]> {
  const { rows } = await sql<{ day: string }>`
    with first as (
      select least(
        (select min(created_at) from users where role = 'student'),
        (select min(started_at) from attempts where started_at is not null),
        (select min(paid_at) from orders where paid_at is not null),
        now()) as at
    )
    select d::date::text as day
    from first, generate_series((first.at at time zone ${ZONE})::date, (now() at time zone ${ZONE})::date, interval '1 day') d`.execute(
    trx,
  );
  return rows.map((r) => r.day);
}

/** The days from the watermark to today, and the older days that rows closed since then belong to. */
async function changedDays(trx: Tx, watermark: Date): Promise<string[]> {
  // A parameter, not a CTE: the planner then reads results by its computed_at index for sure.
  const since = new Date(watermark.getTime() - MARGIN_MS);
  const { rows } = await sql<{ day: string }>`
    select d::date::text as day
    from generate_series((${since}::timestamptz at time zone ${ZONE})::date, (now() at time zone ${ZONE})::date, interval '1 day') d
    union
    select ((case when k = 0 then coalesce(a.submitted_at, a.started_at) else a.started_at end) at time zone ${ZONE})::date::text
    from results r
    join attempts a on a.id = r.attempt_id
    cross join (values (0), (1)) as t(k)
    where r.computed_at >= ${since} and a.started_at is not null
    order by 1`.execute(trx);
  return rows.map((r) => r.day);
}

/**
 * Registration days whose cohort changed: students who registered since the watermark, and older
 * students whose first attempt or first payment came since then.
 */
async function changedCohorts(trx: Tx, watermark: Date): Promise<string[]> {
  const since = new Date(watermark.getTime() - MARGIN_MS);
  const { rows } = await sql<{ day: string }>`
    with firsts as (
      select a.user_id from attempts a
      where a.started_at >= ${since}
        and not exists (select 1 from attempts b where b.user_id = a.user_id and b.started_at < ${since})
      union
      select o.user_id from orders o
      where o.paid_at >= ${since}
        and not exists (select 1 from orders p where p.user_id = o.user_id and p.paid_at < ${since})
    )
    select d::date::text as day
    from generate_series((${since}::timestamptz at time zone ${ZONE})::date, (now() at time zone ${ZONE})::date, interval '1 day') d
    union
    select (u.created_at at time zone ${ZONE})::date::text from users u join firsts f on f.user_id = u.id
    where u.role = 'student'
    order by 1`.execute(trx);
  return rows.map((r) => r.day);
}

/** The days as rows with their bounds: [lo, hi) is the Tashkent day in absolute time. */
const bounds = (days: string[]) => sql`
  b as (
    select day, day::timestamp at time zone ${ZONE} as lo, (day + 1)::timestamp at time zone ${ZONE} as hi
    from unnest(string_to_array(${days.join(",")}, ',')::date[]) as day
  )`;

async function recomputeDays(trx: Tx, days: string[]): Promise<void> {
  if (!days.length) return;
  const list = days.join(",");
  // Every statement reads day by day (lateral on the day's bounds): one index range scan per day,
  // whatever the planner guesses about the list of days. A plain join on the range was planned as a
  // scan of all attempts (measured: 24 s for two days at 2,000,000 attempts).
  await sql`
    with ${bounds(days)}
    insert into dashboard_days (day, registrations, active_students, attempts_started, attempts_finished,
      orders_paid, revenue_uzs, refunds, refunded_uzs)
    select b.day, u.n, a.active, a.started, f.n, p.n, p.amount, r.n, r.amount
    from b
    cross join lateral (
      select count(*)::int as n from users where role = 'student' and created_at >= b.lo and created_at < b.hi
    ) u
    cross join lateral (
      select count(distinct user_id)::int as active, count(*)::int as started
      from attempts where started_at >= b.lo and started_at < b.hi
    ) a
    cross join lateral (
      select count(*)::int as n from attempts
      where submitted_at >= b.lo and submitted_at < b.hi and status in ('submitted', 'expired')
    ) f
    cross join lateral (
      select count(*)::int as n, coalesce(sum(amount_uzs), 0) as amount
      from orders where paid_at >= b.lo and paid_at < b.hi
    ) p
    cross join lateral (
      select count(*)::int as n, coalesce(sum(amount_uzs), 0) as amount
      from orders where refunded_at >= b.lo and refunded_at < b.hi
    ) r
    on conflict (day) do update set registrations = excluded.registrations,
      active_students = excluded.active_students, attempts_started = excluded.attempts_started,
      attempts_finished = excluded.attempts_finished, orders_paid = excluded.orders_paid,
      revenue_uzs = excluded.revenue_uzs, refunds = excluded.refunds, refunded_uzs = excluded.refunded_uzs`.execute(
    trx,
  );
  await sql`delete from dashboard_exam_days where day = any(string_to_array(${list}, ',')::date[])`.execute(
    trx,
  );
  await sql`
    with ${bounds(days)}
    insert into dashboard_exam_days (day, exam_id, started, completed)
    select b.day, x.exam_id, x.started, x.completed
    from b cross join lateral (
      select a.exam_id, count(*)::int as started,
        (count(*) filter (where a.status in ('submitted', 'expired')))::int as completed
      from attempts a where a.started_at >= b.lo and a.started_at < b.hi
      group by a.exam_id
    ) x`.execute(trx);
  await sql`delete from dashboard_score_days where day = any(string_to_array(${list}, ',')::date[])`.execute(
    trx,
  );
  await sql`
    with ${bounds(days)}
    insert into dashboard_score_days (day, direction_id, percent, attempts)
    select b.day, x.direction_id, x.percent, x.n
    from b cross join lateral (
      select e.direction_id, ${scorePercent} as percent, count(*)::int as n
      from attempts a join exams e on e.id = a.exam_id
      where a.submitted_at >= b.lo and a.submitted_at < b.hi and a.status in ('submitted', 'expired')
        and e.direction_id is not null and a.score is not null and a.max_score > 0
      group by 1, 2
    ) x`.execute(trx);
}

async function recomputeCohorts(trx: Tx, days: string[]): Promise<void> {
  if (!days.length) return;
  await sql`
    with ${bounds(days)}
    insert into dashboard_cohort_days (day, registered, attempted, paid)
    select b.day, c.registered, c.attempted, c.paid
    from b cross join lateral (
      select count(*)::int as registered,
        (count(*) filter (where exists (
          select 1 from attempts a where a.user_id = u.id and a.started_at is not null)))::int as attempted,
        (count(*) filter (where exists (
          select 1 from orders o where o.user_id = u.id and o.paid_at is not null)))::int as paid
      from users u where u.role = 'student' and u.created_at >= b.lo and u.created_at < b.hi
    ) c
    on conflict (day) do update set registered = excluded.registered, attempted = excluded.attempted,
      paid = excluded.paid`.execute(trx);
}

/** An attempt's score in whole percent of its maximum (floor), the median's unit. */
export const scorePercent = sql<number>`least(100, greatest(0, floor(a.score * 100.0 / a.max_score)))::smallint`;
