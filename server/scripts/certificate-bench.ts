// The whole certificate estimation as an admin triggers it (POST /admin/exams/:id/certificate/estimate):
// reading every answer of T takers × 90 questions from Postgres, scoring, estimating, storing T scores.
// `DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node server/scripts/certificate-bench.ts [takers]`
// creates a scratch database beside the given one, fills it in SQL (DTM layout, Rasch-generated
// answers), prints the server-side duration and the request's wall time, and drops the database.
import { migrateToLatest } from "@imtihon/db";
import { randomBytes } from "node:crypto";
import { performance } from "node:perf_hooks";
import postgres from "postgres";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/infra/logger.ts";
import { startServer } from "../src/server.ts";

const takers = Number(process.argv[2] ?? 10_000);
const base = process.env.DATABASE_URL;
if (!base) throw new Error("set DATABASE_URL to a Postgres server (a scratch database is made beside it)");
const name = `imtihon_rasch_bench_${randomBytes(4).toString("hex")}`;
const admin = postgres(base, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const url = new URL(base);
url.pathname = `/${name}`;
const databaseUrl = url.toString();
try {
  await migrateToLatest(databaseUrl);
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const fillStart = performance.now();
  const [exam] = await sql`
    with s as (insert into subjects (code, name) values ('bench', 'Bench') returning id),
    e as (
      insert into exams (title, mode, duration_seconds, status, question_count, max_score, certificate, published_at)
      values ('Rasch bench', 'self_paced', 10800, 'published', 90, 9000, true, now()) returning id
    ),
    q as (
      insert into questions (subject_id, kind, stem, options, correct)
      select s.id, 'single', 'Q' || g, '[{"id":"a","text":"a"},{"id":"b","text":"b"}]', '["a"]'
      from s, generate_series(1, 90) g returning id
    ),
    sec as (insert into exam_sections (exam_id, position, title, subject_id, points) select e.id, 0, 'A', s.id, 100 from e, s)
    insert into exam_questions (exam_id, question_id, section, position, points)
    select e.id, q.id, 0, row_number() over () - 1, 100 from e, q
    returning exam_id`;
  const examId = exam!.exam_id as string;
  await sql`
    insert into users (email, password_hash, full_name, role)
    select 'bench' || g || '@bench.local', 'x', 'Bench ' || g, 'student' from generate_series(1, ${takers}) g`;
  await sql`
    insert into attempts (exam_id, user_id, status, started_at, submitted_at, question_order, option_order, score, max_score)
    select ${examId}, id, 'submitted', now(), now(), '{}', '{}'::jsonb, 0, 9000 from users where role = 'student'`;
  await sql`
    create temp table ability as
    select id, sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) as theta from attempts`;
  await sql`
    create temp table difficulty as
    select question_id, -2.5 + 5 * random() as b from exam_questions where exam_id = ${examId}`;
  await sql`
    insert into answers (attempt_id, question_id, response, seq)
    select a.id, d.question_id,
      case when random() < 1 / (1 + exp(d.b - a.theta)) then '{"choice":"a"}'::jsonb else '{"choice":"b"}'::jsonb end, 1
    from ability a cross join difficulty d`;
  await sql`analyze`;
  await sql.end();
  const fillMs = performance.now() - fillStart;

  const config = {
    ...loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "warn", SEED_DEMO: "0", LOAD_SHED_LAG_MS: "0" }),
    databaseUrl,
    adminEmail: "bench@admin.local",
    adminPassword: "bench-admin-password-1",
  };
  const secret = randomBytes(32).toString("hex");
  const server = await startServer(config, {
    databaseUrl,
    jwtSecret: secret,
    logger: createLogger("warn"),
    skipMigrate: true,
  });
  try {
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: config.adminEmail, password: config.adminPassword }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const start = performance.now();
    const res = await fetch(`${server.url}/api/v1/admin/exams/${examId}/certificate/estimate`, {
      method: "POST",
      headers: { authorization: `Bearer ${accessToken}` },
    });
    const wall = performance.now() - start;
    const body = (await res.json()) as { durationMs: number; iterations: number; persons: number };
    console.log(
      `certificate estimate ${body.persons} takers × 90 items: HTTP ${res.status}, wall ${wall.toFixed(0)} ms ` +
        `(read + score + estimate ${body.durationMs} ms, the rest storing ${body.persons} scores), ` +
        `${body.iterations} iterations; filling the data took ${(fillMs / 1000).toFixed(1)} s`,
    );
  } finally {
    await server.close({ drainMs: 0 });
  }
} finally {
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
}
