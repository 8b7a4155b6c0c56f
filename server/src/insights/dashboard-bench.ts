// npm run bench:dashboard [-- --scale 1] [--runs 5] [--keep]
//
// Fills a database of its own with a year of generated activity (scale 1: 200,000 students,
// 2,000,000 attempts, 100,000 orders; --scale 0.01 for a CI smoke), then prints: the full rebuild
// of the rollups, an incremental refresh after a minute of exam-day activity, and each dashboard
// query over the rollups beside the same query over the base tables. Figures: docs/insights.md.
import { connect, migrateToLatest } from "@imtihon/db";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { liveQueries, rollupQueries, type DayRange, type TableQueries } from "./dashboard-queries.ts";
import { refreshDashboard } from "./dashboard-refresh.ts";
import { tashkentToday } from "./dashboard.ts";

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    runs: { type: "string", default: "5" },
    keep: { type: "boolean", default: false },
  },
});
const scale = Number(values.scale);
const runs = Number(values.runs);
if (!(scale > 0 && scale <= 10)) throw new Error("--scale: a number in (0, 10]");
if (!(Number.isInteger(runs) && runs >= 1)) throw new Error("--runs: a positive integer");

const USERS = Math.round(200_000 * scale);
const ATTEMPTS = Math.round(2_000_000 * scale);
const ORDERS = Math.round(100_000 * scale);
const EXAMS = 60;
const DIRECTIONS = 8;

const serverUrl = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const name = "imtihon_bench_dashboard";
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`drop database if exists ${name} with (force)`);
await admin.unsafe(`create database ${name}`);
const url = new URL(serverUrl);
url.pathname = `/${name}`;
await migrateToLatest(url.toString());
const { db, sql, close } = connect(url.toString(), { max: 2, applicationName: "bench-dashboard" });

const ms = (t0: number) => Math.round(performance.now() - t0);
async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  console.log(`  ${label}: ${ms(t0)} ms`);
  return out;
}
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

console.log(`[bench:dashboard] scale ${scale}: ${USERS} students, ${ATTEMPTS} attempts, ${ORDERS} orders`);
console.log("generating");
// A year of activity, growing towards today; exams skewed (a few are much more popular); attempts
// start after their student registered; most close within three hours, a few are still open.
await timed("catalogue", async () => {
  await sql`insert into directions (code, name) select 'd' || g, 'Yoʻnalish ' || g from generate_series(1, ${DIRECTIONS}) g`;
  await sql`
    insert into exams (title, direction_id, mode, duration_seconds, status, max_score, question_count)
    select 'Imtihon ' || g, (select id from directions where code = 'd' || (1 + g % ${DIRECTIONS})),
      'self_paced', 10800, 'published', 18900, 90
    from generate_series(1, ${EXAMS}) g`;
  await sql`insert into products (title, price_uzs, days) values ('Paket', 50000, 30)`;
});
await timed("users", () =>
  sql`
    insert into users (email, password_hash, full_name, role, created_at)
    select 'u' || g || '@bench.local', 'x', 'Talaba ' || g, 'student',
      now() - sqrt(random()) * interval '365 days'
    from generate_series(1, ${USERS}) g
    order by 5`.then(() => undefined),
);
await sql`create temporary table bench_users as select id, created_at, row_number() over () as rn from users`;
await sql`create temporary table bench_exams as select id, row_number() over (order by title) as rn from exams`;
await sql`create index on bench_users (rn)`;
await timed("attempts", () =>
  sql`
    with g as (
      select 1 + floor(random() * ${USERS})::int as urn, 1 + floor(${EXAMS} * power(random(), 2))::int as ern,
        random() as r, random() as s
      from generate_series(1, ${ATTEMPTS})
    ),
    t as (
      select u.id as user_id, e.id as exam_id, g.r, g.s,
        u.created_at + random() * (now() - u.created_at) as started_at
      from g join bench_users u on u.rn = g.urn join bench_exams e on e.rn = g.ern
    )
    insert into attempts (exam_id, user_id, status, started_at, deadline_at, submitted_at, question_order,
      option_order, score, max_score)
    select exam_id, user_id, c.status, started_at, started_at + interval '3 hours',
      case when c.status <> 'in_progress' then least(now(), started_at + s * interval '3 hours') end,
      '{}'::uuid[], '{}'::jsonb,
      case when c.status <> 'in_progress' then floor(18900 * power(s, 0.7))::int end, 18900
    from t cross join lateral (
      -- Only attempts of the last three hours can still be open; older ones the sweeper closed.
      select case when r < 0.85 then 'submitted' when r < 0.93 then 'expired' when r < 0.95 then 'terminated'
        when started_at > now() - interval '3 hours' then 'in_progress' else 'expired' end as status
    ) c
    -- Rows land in time order, as a live site writes them (a day's rows sit together on disk).
    order by started_at
    on conflict do nothing`.then(() => undefined),
);
await timed("results", () =>
  sql`
    insert into results (attempt_id, score, max_score, correct, total, sections, computed_at)
    select id, score, max_score, score / 210, 90, '[]'::jsonb, submitted_at
    from attempts where status in ('submitted', 'expired') order by submitted_at`.then(() => undefined),
);
await timed("orders", () =>
  sql`
    with g as (select 1 + floor(random() * ${USERS})::int as urn, random() as r from generate_series(1, ${ORDERS}))
    insert into orders (user_id, product_id, title, amount_uzs, status, created_at, paid_at, refunded_at)
    select u.id, (select id from products limit 1), 'Paket', 50000,
      case when g.r < 0.9 then 'paid' when g.r < 0.95 then 'refunded' else 'pending' end,
      o.at, case when g.r < 0.95 then o.at + interval '2 minutes' end,
      case when g.r >= 0.9 and g.r < 0.95 then least(now(), o.at + interval '3 days') end
    from g join bench_users u on u.rn = g.urn
    cross join lateral (select u.created_at + random() * (now() - u.created_at) as at) o
    order by o.at`.then(() => undefined),
);
await timed("vacuum analyze", () => sql`vacuum analyze`.then(() => undefined));
const [counts] = await sql<{ users: number; attempts: number; orders: number }[]>`
  select (select count(*) from users)::int as users, (select count(*) from attempts)::int as attempts,
    (select count(*) from orders)::int as orders`;
console.log(`  rows: ${counts!.users} users, ${counts!.attempts} attempts, ${counts!.orders} orders`);

console.log("refresh");
const full = await refreshDashboard(db, { full: true });
console.log(`  full rebuild: ${full.durationMs} ms (${full.days} days)`);
const incremental: number[] = [];
for (let i = 0; i < runs; i++) {
  // A minute of a busy exam day: 1,000 starts, up to 1,000 closes of attempts started in the last
  // three hours, 100 registrations, 50 payments.
  await sql`
    insert into users (email, password_hash, full_name, role)
    select 'late' || ${i} || '-' || g || '@bench.local', 'x', 'Late', 'student' from generate_series(1, 100) g`;
  await sql`
    insert into attempts (exam_id, user_id, status, started_at, deadline_at, question_order, option_order, max_score)
    select e.id, u.id, 'in_progress', now(), now() + interval '3 hours', '{}'::uuid[], '{}'::jsonb, 18900
    from (select id from bench_users order by random() limit 1000) u
    cross join lateral (select id from bench_exams where rn = 1 + floor(random() * ${EXAMS})::int + 0 * length(u.id::text)) e
    on conflict do nothing`;
  await sql`
    with c as (
      update attempts set status = 'submitted', submitted_at = now(), score = floor(random() * 18900)::int
      where id in (
        select id from attempts where status = 'in_progress' and started_at > now() - interval '3 hours' limit 1000)
      returning id, score, max_score
    )
    insert into results (attempt_id, score, max_score, correct, total, sections)
    select id, score, max_score, 0, 90, '[]'::jsonb from c`;
  await sql`
    insert into orders (user_id, product_id, title, amount_uzs, status, paid_at)
    select id, (select id from products limit 1), 'Paket', 50000, 'paid', now()
    from bench_users order by random() limit 50`;
  const r = await refreshDashboard(db);
  incremental.push(r.durationMs);
  console.log(`  incremental refresh #${i + 1}: ${r.durationMs} ms (${r.days} days)`);
}

const today = tashkentToday();
const back = (n: number) => new Date(Date.parse(today) - n * 86_400_000).toISOString().slice(0, 10);
const ranges: [string, DayRange][] = [
  ["30 days", { from: back(29), to: today }],
  ["365 days", { from: back(364), to: today }],
];
const tables = ["days", "exams", "directions", "funnel"] as const;
async function time(q: TableQueries, table: (typeof tables)[number], range: DayRange): Promise<number> {
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    if (table === "exams") await q.exams(db, range, 20);
    else await q[table](db, range);
    xs.push(performance.now() - t0);
  }
  return median(xs);
}
console.log(`queries (median of ${runs})`);
const rows: string[] = [];
for (const [label, range] of ranges) {
  for (const table of tables) {
    const rollup = await time(rollupQueries, table, range);
    const live = await time(liveQueries, table, range);
    rows.push(
      `| ${label} | ${table} | ${rollup.toFixed(1)} | ${live.toFixed(1)} | ${Math.round(live / Math.max(rollup, 0.1))}× |`,
    );
  }
}
const same =
  JSON.stringify(await rollupQueries.days(db, ranges[0]![1])) ===
    JSON.stringify(await liveQueries.days(db, ranges[0]![1])) &&
  JSON.stringify(await rollupQueries.directions(db, ranges[1]![1])) ===
    JSON.stringify(await liveQueries.directions(db, ranges[1]![1]));

console.log(`
| range | table | rollup ms | base tables ms | speed-up |
| --- | --- | ---: | ---: | ---: |
${rows.join("\n")}

full rebuild ${full.durationMs} ms; incremental refresh median ${median(incremental)} ms
rollups equal to base tables (30-day days, 365-day directions): ${same ? "yes" : "NO"}`);
await close();
if (!values.keep) await admin.unsafe(`drop database if exists ${name} with (force)`);
await admin.end();
if (!same) process.exitCode = 1;
