import type {
  DashboardDay,
  DashboardDirection,
  DashboardExam,
  DashboardFunnel,
} from "@imtihon/client-sdk/protocol";
import type { Database } from "@imtihon/db";
import { sql, type Kysely } from "kysely";
import { scorePercent } from "./dashboard-refresh.ts";

/** Tashkent days, both ends inclusive ('YYYY-MM-DD'). */
export interface DayRange {
  from: string;
  to: string;
}

/** The dashboard's tables for one range, before totals: what the rollups and the base tables both give. */
export interface DashboardTables {
  days: DashboardDay[];
  exams: DashboardExam[];
  directions: DashboardDirection[];
  funnel: DashboardFunnel;
}

const ZONE = "Asia/Tashkent";
const rate = (part: number, whole: number) => (whole > 0 ? part / whole : null);

interface DayRow {
  day: string;
  registrations: number;
  active: number;
  started: number;
  finished: number;
  paid: number;
  revenue: string;
  refunds: number;
  refunded: string;
}
const toDay = (r: DayRow): DashboardDay => ({
  day: r.day,
  registrations: r.registrations,
  activeStudents: r.active,
  attemptsStarted: r.started,
  attemptsFinished: r.finished,
  ordersPaid: r.paid,
  revenueUzs: Number(r.revenue),
  refunds: r.refunds,
  refundedUzs: Number(r.refunded),
});
interface ExamRow {
  exam_id: string;
  title: string;
  started: number;
  completed: number;
}
const toExam = (r: ExamRow): DashboardExam => ({
  examId: r.exam_id,
  title: r.title,
  started: r.started,
  completed: r.completed,
  completionRate: rate(r.completed, r.started),
});
interface DirectionRow {
  id: string;
  code: string;
  name: string;
  finished: number;
  median: number | null;
}
const toDirection = (r: DirectionRow): DashboardDirection => ({
  directionId: r.id,
  code: r.code,
  name: r.name,
  finished: r.finished,
  medianPercent: r.median,
});

type Db = Kysely<Database>;
/** One statement per dashboard table, so the bench can time each. */
export interface TableQueries {
  days(db: Db, range: DayRange): Promise<DashboardDay[]>;
  /** Exams by attempts started, most first; `limit` null: every exam with an attempt in the range. */
  exams(db: Db, range: DayRange, limit: number | null): Promise<DashboardExam[]>;
  directions(db: Db, range: DayRange): Promise<DashboardDirection[]>;
  funnel(db: Db, range: DayRange): Promise<DashboardFunnel>;
}

async function readAll(q: TableQueries, db: Db, range: DayRange, examLimit: number | null) {
  return {
    days: await q.days(db, range),
    exams: await q.exams(db, range, examLimit),
    directions: await q.directions(db, range),
    funnel: await q.funnel(db, range),
  };
}

export const readRollups = (db: Db, range: DayRange, examLimit: number | null): Promise<DashboardTables> =>
  readAll(rollupQueries, db, range, examLimit);

/**
 * The same tables straight from the base tables, no rollup: the reference the rollups are tested
 * against, and the comparison `npm run bench:dashboard` times.
 */
export const readLive = (db: Db, range: DayRange, examLimit: number | null): Promise<DashboardTables> =>
  readAll(liveQueries, db, range, examLimit);

export const rollupQueries: TableQueries = {
  async days(db, { from, to }) {
    const days = await sql<DayRow>`
    select d::date::text as day, coalesce(r.registrations, 0) as registrations,
      coalesce(r.active_students, 0) as active, coalesce(r.attempts_started, 0) as started,
      coalesce(r.attempts_finished, 0) as finished, coalesce(r.orders_paid, 0) as paid,
      coalesce(r.revenue_uzs, 0)::text as revenue, coalesce(r.refunds, 0) as refunds,
      coalesce(r.refunded_uzs, 0)::text as refunded
    from generate_series(${from}::date, ${to}::date, interval '1 day') d
    left join dashboard_days r on r.day = d::date
    order by d`.execute(db);
    return days.rows.map(toDay);
  },
  async exams(db, { from, to }, examLimit) {
    const exams = await sql<ExamRow>`
    select x.exam_id, e.title, x.started, x.completed
    from (
      select exam_id, sum(started)::int as started, sum(completed)::int as completed
      from dashboard_exam_days where day between ${from}::date and ${to}::date
      group by exam_id
    ) x join exams e on e.id = x.exam_id
    order by x.started desc, e.title, x.exam_id
    limit ${examLimit ?? 1_000_000}`.execute(db);
    return exams.rows.map(toExam);
  },
  async directions(db, { from, to }) {
    // The lower median of a histogram: the first percent whose running count reaches half the total,
    // which is what percentile_disc(0.5) returns over the raw scores.
    const directions = await sql<DirectionRow>`
    with h as (
      select direction_id, percent, sum(attempts)::int as n
      from dashboard_score_days where day between ${from}::date and ${to}::date
      group by direction_id, percent
    ),
    c as (
      select direction_id, percent,
        sum(n) over (partition by direction_id order by percent) as cum,
        sum(n) over (partition by direction_id) as total
      from h
    ),
    m as (
      select direction_id, max(total)::int as finished, min(percent) filter (where cum * 2 >= total)::int as median
      from c group by direction_id
    )
    select d.id, d.code, d.name, coalesce(m.finished, 0) as finished, m.median
    from directions d left join m on m.direction_id = d.id
    order by coalesce(m.finished, 0) desc, d.code`.execute(db);
    return directions.rows.map(toDirection);
  },
  async funnel(db, { from, to }) {
    const funnel = await sql<DashboardFunnel>`
    select coalesce(sum(registered), 0)::int as registered, coalesce(sum(attempted), 0)::int as attempted,
      coalesce(sum(paid), 0)::int as paid
    from dashboard_cohort_days where day between ${from}::date and ${to}::date`.execute(db);
    return funnel.rows[0]!;
  },
};

const span = ({ from, to }: DayRange) => sql`r as (
  select ${from}::date::timestamp at time zone ${ZONE} as lo, (${to}::date + 1)::timestamp at time zone ${ZONE} as hi
)`;
const day = (column: string) => sql`(${sql.ref(column)} at time zone ${ZONE})::date`;

export const liveQueries: TableQueries = {
  async days(db, range) {
    const { from, to } = range;
    const days = await sql<DayRow>`
    with ${span(range)},
    u as (
      select ${day("created_at")} as day, count(*)::int as n from r, users
      where role = 'student' and created_at >= r.lo and created_at < r.hi group by 1
    ),
    a as (
      select ${day("started_at")} as day, count(distinct user_id)::int as active, count(*)::int as started
      from r, attempts where started_at >= r.lo and started_at < r.hi group by 1
    ),
    f as (
      select ${day("submitted_at")} as day, count(*)::int as n from r, attempts
      where submitted_at >= r.lo and submitted_at < r.hi and status in ('submitted', 'expired') group by 1
    ),
    p as (
      select ${day("paid_at")} as day, count(*)::int as n, sum(amount_uzs) as amount from r, orders
      where paid_at >= r.lo and paid_at < r.hi group by 1
    ),
    x as (
      select ${day("refunded_at")} as day, count(*)::int as n, sum(amount_uzs) as amount from r, orders
      where refunded_at >= r.lo and refunded_at < r.hi group by 1
    )
    select d::date::text as day, coalesce(u.n, 0) as registrations, coalesce(a.active, 0) as active,
      coalesce(a.started, 0) as started, coalesce(f.n, 0) as finished, coalesce(p.n, 0) as paid,
      coalesce(p.amount, 0)::text as revenue, coalesce(x.n, 0) as refunds, coalesce(x.amount, 0)::text as refunded
    from generate_series(${from}::date, ${to}::date, interval '1 day') d
    left join u on u.day = d::date left join a on a.day = d::date left join f on f.day = d::date
    left join p on p.day = d::date left join x on x.day = d::date
    order by d`.execute(db);
    return days.rows.map(toDay);
  },
  async exams(db, range, examLimit) {
    const exams = await sql<ExamRow>`
    with ${span(range)}
    select a.exam_id, e.title, count(*)::int as started,
      (count(*) filter (where a.status in ('submitted', 'expired')))::int as completed
    from r, attempts a join exams e on e.id = a.exam_id
    where a.started_at >= r.lo and a.started_at < r.hi
    group by a.exam_id, e.title
    order by started desc, e.title, a.exam_id
    limit ${examLimit ?? 1_000_000}`.execute(db);
    return exams.rows.map(toExam);
  },
  async directions(db, range) {
    const directions = await sql<DirectionRow>`
    with ${span(range)},
    m as (
      select e.direction_id, count(*)::int as finished,
        percentile_disc(0.5) within group (order by ${scorePercent})::int as median
      from r, attempts a join exams e on e.id = a.exam_id
      where a.submitted_at >= r.lo and a.submitted_at < r.hi and a.status in ('submitted', 'expired')
        and e.direction_id is not null and a.score is not null and a.max_score > 0
      group by e.direction_id
    )
    select d.id, d.code, d.name, coalesce(m.finished, 0) as finished, m.median
    from directions d left join m on m.direction_id = d.id
    order by coalesce(m.finished, 0) desc, d.code`.execute(db);
    return directions.rows.map(toDirection);
  },
  async funnel(db, range) {
    const funnel = await sql<DashboardFunnel>`
    with ${span(range)}
    select count(*)::int as registered,
      (count(*) filter (where exists (
        select 1 from attempts a where a.user_id = u.id and a.started_at is not null)))::int as attempted,
      (count(*) filter (where exists (
        select 1 from orders o where o.user_id = u.id and o.paid_at is not null)))::int as paid
    from r, users u where u.role = 'student' and u.created_at >= r.lo and u.created_at < r.hi`.execute(db);
    return funnel.rows[0]!;
  },
};
