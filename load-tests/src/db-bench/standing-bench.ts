import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import { jsonType, type Database } from "@imtihon/db";
import type { Principal } from "../../../server/src/auth/principal.ts";
import { closeAttempt, closeLockedAttempts, type ClosedAttempt } from "../../../server/src/exam/finalize.ts";
import { recordBestScores } from "../../../server/src/exam/standing-record.ts";
import { attemptStanding } from "../../../server/src/exam/standing.ts";
import { createLoadDatabase } from "../cluster/database.ts";
import { benchContext } from "./context.ts";

/**
 * `npm run bench:standing`: "where I stand" at exam scale. One DTM-format exam (90 questions,
 * 189 points) with `students` students who finished it (a fifth of them twice), scores drawn like
 * a real sitting (each student a skill p, each question right with probability p). Then:
 * - the standing read (`GET /attempts/:id/standing` minus HTTP) for random finished attempts,
 *   one at a time and `concurrency` at once;
 * - the finalize path: whole sweeps of 500 and single submits, and the standing statement alone
 *   on the same kind of batches, so its share of finalize is visible;
 * - the standing statement from `concurrency` connections at once with single attempts (the
 *   end-storm submits): hot per-score rows wait on each other, this shows how long.
 */
export interface StandingBenchOptions {
  pgServerUrl: string;
  students: number;
  /** Standing reads timed one at a time. */
  reads: number;
  /** Sweeps of SWEEP attempts timed, and single submits timed. */
  sweeps: number;
  singles: number;
  concurrency: number;
  quiet?: boolean;
}

export interface Timing {
  name: string;
  runs: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Operations per second when run `concurrency` at once (else null). */
  perSecond: number | null;
}

export interface StandingBenchReport {
  students: number;
  finishedAttempts: number;
  distinctScores: number;
  fillSeconds: number;
  rebuildMs: number;
  timings: Timing[];
  /** A sample of standings checked against a brute-force count (must be 0 wrong). */
  checked: number;
  wrong: number;
}

const SWEEP = 500;
const SECTIONS = [
  { title: "Ona tili", count: 10, points: 110 },
  { title: "Matematika", count: 10, points: 110 },
  { title: "O'zbekiston tarixi", count: 10, points: 110 },
  { title: "Matematika (1-mutaxassislik)", count: 30, points: 310 },
  { title: "Fizika (2-mutaxassislik)", count: 30, points: 210 },
];
const MAX_SCORE = SECTIONS.reduce((n, s) => n + s.count * s.points, 0);

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function timing(name: string, times: number[], wallMs?: number): Timing {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    name,
    runs: times.length,
    meanMs: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
    p50Ms: percentile(sorted, 50),
    p99Ms: percentile(sorted, 99),
    perSecond: wallMs ? (times.length * 1000) / wallMs : null,
  };
}

async function timed<T>(times: number[], fn: () => Promise<T>): Promise<T> {
  const s = performance.now();
  const r = await fn();
  times.push(performance.now() - s);
  return r;
}

/** The DTM exam: 90 questions in five sections, option "a" right. */
async function createDtmExam(sql: postgres.Sql) {
  const [subject] = await sql<
    { id: string }[]
  >`insert into subjects (code, name) values ('dtm', 'DTM') returning id`;
  const [exam] = await sql<{ id: string }[]>`
    insert into exams (title, mode, duration_seconds, status, review, question_count, max_score, published_at)
    values ('Standing bench', 'self_paced', 10800, 'published', 'score', 90, ${MAX_SCORE}, now()) returning id`;
  let position = 0;
  for (const [i, s] of SECTIONS.entries()) {
    await sql`insert into exam_sections (exam_id, position, title, subject_id, points)
      values (${exam!.id}, ${i}, ${s.title}, ${subject!.id}, ${s.points})`;
    const qs = await sql<{ id: string }[]>`
      insert into questions (subject_id, kind, stem, options, correct)
      select ${subject!.id}, 'single', 'Q' || g, '[{"id":"a","text":"A"},{"id":"b","text":"B"}]'::jsonb, '["a"]'::jsonb
      from generate_series(1, ${s.count}) g returning id`;
    for (const q of qs) {
      await sql`insert into exam_questions (exam_id, question_id, section, position, points)
        values (${exam!.id}, ${q.id}, ${i}, ${position++}, ${s.points})`;
    }
  }
  return exam!.id;
}

/**
 * `n` students with finished attempts; a score is 1.1 × (right of 30) + 3.1 × (right of 30) +
 * 2.1 × (right of 30), each question right with the student's own p (uniform 0.15..0.95).
 */
async function fillFinished(sql: postgres.Sql, examId: string, n: number, tag: string) {
  await sql`
    insert into users (email, password_hash, full_name, role)
    select ${tag} || g || '@bench.local', 'x', 'Student ' || g, 'student' from generate_series(1, ${n}) g`;
  // A fifth of the students sat it twice (the second pass draws a new skill: some did worse).
  for (const share of [1, 0.2])
    await sql`
      insert into attempts (exam_id, user_id, status, started_at, deadline_at, submitted_at, question_order,
        option_order, score, max_score)
      select ${examId}, s.id, case when random() < 0.5 then 'submitted' else 'expired' end,
        now() - interval '4 hours', now() - interval '1 hour', now() - interval '1 hour', '{}'::uuid[], '{}'::jsonb,
        110 * (select count(*) from generate_series(1, 30) where random() < s.p)
          + 310 * (select count(*) from generate_series(1, 30) where random() < s.p)
          + 210 * (select count(*) from generate_series(1, 30) where random() < s.p),
        ${MAX_SCORE}
      from (
        select u.id, 0.15 + 0.8 * random() as p from users u where u.email like ${tag + "%"} and random() < ${share}
      ) s`;
}

export async function runStandingBench(o: StandingBenchOptions): Promise<StandingBenchReport> {
  const say = (s: string) => {
    if (!o.quiet) console.log(`[standing-bench] ${s}`);
  };
  const database = await createLoadDatabase(o.pgServerUrl);
  const admin = postgres(database.url, { max: 2, onnotice: () => {} });
  const bench = benchContext(database.url);
  // The server's own JSON handling (a JSON text parameter reaches Postgres as text, not re-encoded).
  const poolSql = postgres(database.url, {
    max: o.concurrency,
    types: { json: jsonType },
    onnotice: () => {},
  });
  const pool = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: poolSql }) });
  try {
    const t0 = performance.now();
    const examId = await createDtmExam(admin);
    await fillFinished(admin, examId, o.students, "done");
    const fillSeconds = (performance.now() - t0) / 1000;
    // The migration's backfill: what a rebuild of both tables costs at this size.
    const r0 = performance.now();
    await admin`delete from exam_score_counts`;
    await admin`delete from exam_best_scores`;
    await admin`
      insert into exam_best_scores (exam_id, user_id, attempt_id, score, achieved_at)
      select distinct on (exam_id, user_id) exam_id, user_id, id, score, submitted_at
      from attempts where status in ('submitted', 'expired') and score is not null
      order by exam_id, user_id, score desc, submitted_at`;
    await admin`
      insert into exam_score_counts (exam_id, score, students)
      select exam_id, score, count(*) from exam_best_scores group by exam_id, score`;
    const rebuildMs = performance.now() - r0;
    await admin`vacuum analyze attempts, exam_best_scores, exam_score_counts`;
    const [counts] = await admin<{ finished: number; scores: number }[]>`
      select (select count(*) from attempts where exam_id = ${examId})::int as finished,
        (select count(*) from exam_score_counts where exam_id = ${examId})::int as scores`;
    const { finished, scores: distinct } = counts!;
    say(
      `${o.students} students, ${finished} finished attempts, ${distinct} distinct best scores; filled in ${fillSeconds.toFixed(1)} s, tables rebuilt in ${rebuildMs.toFixed(0)} ms`,
    );
    await bench.ctx.exams.get(examId);

    const ids = await admin<{ id: string; user_id: string }[]>`
      select id, user_id from attempts where exam_id = ${examId} order by random() limit ${o.reads}`;
    const principal = (userId: string): Principal => ({
      userId,
      role: "student",
      tokenVersion: 0,
      expiresAt: Date.now() + 3_600_000,
    });
    const timings: Timing[] = [];

    // Standing reads, one at a time, then `concurrency` at once.
    const reads: number[] = [];
    for (const r of ids) await timed(reads, () => attemptStanding(bench.ctx, principal(r.user_id), r.id));
    timings.push(timing("standing read", reads));
    const poolCtx = { ...bench.ctx, db: pool };
    const parallel: number[] = [];
    let next = 0;
    const w0 = performance.now();
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (next < ids.length) {
          const r = ids[next++]!;
          await timed(parallel, () => attemptStanding(poolCtx, principal(r.user_id), r.id));
        }
      }),
    );
    timings.push(timing(`standing read ×${o.concurrency}`, parallel, performance.now() - w0));
    say(`standing read mean ${timings[0]!.meanMs.toFixed(2)} ms, p99 ${timings[0]!.p99Ms.toFixed(2)} ms`);

    say(`standing read ×${o.concurrency}: ${timings[1]!.perSecond!.toFixed(0)}/s`);
    // Correctness on a sample: the same numbers as a count over the attempts table.
    let wrong = 0;
    const sample = ids.slice(0, 50);
    for (const r of sample) {
      const got = await attemptStanding(bench.ctx, principal(r.user_id), r.id);
      const [truth] = await admin<{ rank: string; of: string; percentile: string }[]>`
        with best as (
          select user_id, max(score) as score from attempts
          where exam_id = ${examId} and status in ('submitted', 'expired') group by user_id
        ), mine as (select score from attempts where id = ${r.id})
        select 1 + count(*) filter (where b.score > m.score) as rank, count(*) + 1 as of,
          round(1000.0 * count(*) filter (where b.score < m.score) / (count(*) + 1)) / 10 as percentile
        from best b, mine m where b.user_id <> ${r.user_id}`;
      if (
        !truth ||
        got.rank !== Number(truth.rank) ||
        got.of !== Number(truth.of) ||
        got.percentile !== Number(truth.percentile)
      )
        wrong++;
    }

    say(`${sample.length} standings checked against a brute-force count, ${wrong} wrong`);
    // Finalize: open attempts with stored answers, closed in sweeps of 500 and one by one.
    const openCount = o.sweeps * SWEEP + o.singles;
    await admin`
      insert into users (email, password_hash, full_name, role)
      select 'open' || g || '@bench.local', 'x', 'Open ' || g, 'student' from generate_series(1, ${openCount}) g`;
    await admin`
      insert into attempts (exam_id, user_id, status, started_at, deadline_at, question_order, option_order, max_score)
      select ${examId}, u.id, 'in_progress', now(), now() + interval '3 hours',
        (select array_agg(question_id order by position) from exam_questions where exam_id = ${examId}),
        '{}'::jsonb, ${MAX_SCORE}
      from users u where u.email like 'open%'`;
    await admin`
      insert into answers (attempt_id, question_id, response, seq)
      select a.id, eq.question_id, case when random() < 0.6 then '{"choice":"a"}'::jsonb else '{"choice":"b"}'::jsonb end, 1
      from attempts a join exam_questions eq on eq.exam_id = a.exam_id
      where a.status = 'in_progress' and random() < 0.9`;
    await admin`vacuum analyze attempts, answers`;
    say(`${openCount} open attempts with answers filled`);
    const sweeps: number[] = [];
    for (let i = 0; i < o.sweeps; i++)
      await timed(sweeps, () =>
        bench.ctx.db.transaction().execute(async (trx) => {
          const due = await trx
            .selectFrom("attempts")
            .select(["id", "exam_id", "session_id", "user_id", "deadline_at"])
            .where("status", "=", "in_progress")
            .where("exam_id", "=", examId)
            .orderBy("id")
            .limit(SWEEP)
            .forUpdate()
            .skipLocked()
            .execute();
          return closeLockedAttempts(trx, bench.ctx.exams, due, "expired", "now");
        }),
      );
    timings.push(timing(`finalize: sweep of ${SWEEP}`, sweeps));
    const singleIds = await admin<{ id: string }[]>`
      select id from attempts where exam_id = ${examId} and status = 'in_progress' limit ${o.singles}`;
    const singles: number[] = [];
    for (const r of singleIds)
      await timed(singles, () => closeAttempt(bench.ctx.db, bench.ctx.exams, r.id, "submitted"));
    timings.push(timing("finalize: one submit", singles));

    // The standing statement alone, on the same kinds of batch: new students (inserts) and
    // improved bests of existing ones (updates moving a count from one score to another).
    const randomScore = () => {
      const p = 0.15 + 0.8 * Math.random();
      const right = (n: number) => Array.from({ length: n }, () => Math.random() < p).filter(Boolean).length;
      return 110 * right(30) + 310 * right(30) + 210 * right(30);
    };
    const users = await admin<{ user_id: string; attempt_id: string; score: number }[]>`
      select user_id, attempt_id, score from exam_best_scores where exam_id = ${examId} order by random()
      limit ${o.sweeps * SWEEP + o.singles * (1 + o.concurrency)}`;
    let u = 0;
    const closedFor = (n: number): ClosedAttempt[] =>
      users.slice(u, (u += n)).map((x) => ({
        attemptId: x.attempt_id,
        examId,
        sessionId: null,
        userId: x.user_id,
        status: "submitted",
        submittedAt: new Date(),
        score: Math.min(MAX_SCORE, x.score + 10 + Math.floor(Math.random() * 2000)),
        maxScore: MAX_SCORE,
        correct: 0,
        total: 90,
        sections: [],
        items: {},
        topics: [],
      }));
    const statementSweeps: number[] = [];
    for (let i = 0; i < o.sweeps; i++) {
      const batch = closedFor(SWEEP);
      await timed(statementSweeps, () =>
        bench.ctx.db.transaction().execute((trx) => recordBestScores(trx, batch)),
      );
    }
    timings.push(timing(`standing statement: ${SWEEP}`, statementSweeps));
    const statementSingles: number[] = [];
    for (let i = 0; i < o.singles; i++) {
      const batch = closedFor(1);
      await timed(statementSingles, () =>
        bench.ctx.db.transaction().execute((trx) => recordBestScores(trx, batch)),
      );
    }
    timings.push(timing("standing statement: 1", statementSingles));
    // End storm: `concurrency` connections each recording single finishes with realistic scores.
    const storm: number[] = [];
    const jobs = Array.from({ length: o.singles * o.concurrency }, () => {
      const [c] = closedFor(1);
      return { ...c!, score: randomScore() };
    });
    let k = 0;
    const s0 = performance.now();
    await Promise.all(
      Array.from({ length: o.concurrency }, async () => {
        while (k < jobs.length) {
          const job = jobs[k++]!;
          await timed(storm, () => pool.transaction().execute((trx) => recordBestScores(trx, [job])));
        }
      }),
    );
    timings.push(timing(`standing statement: 1 ×${o.concurrency}`, storm, performance.now() - s0));
    const [drift] = await admin<{ n: number }[]>`
      select count(*)::int as n from (
        select score, count(*) as c from exam_best_scores where exam_id = ${examId} group by score
      ) b full join (select score, students from exam_score_counts where exam_id = ${examId} and students > 0) c
        using (score)
      where b.c is distinct from c.students`;
    wrong += drift?.n ?? 0;

    for (const t of timings)
      say(
        `${t.name.padEnd(30)} mean ${t.meanMs.toFixed(2).padStart(7)} ms  p50 ${t.p50Ms.toFixed(2).padStart(7)}  p99 ${t.p99Ms.toFixed(2).padStart(7)} ms${t.perSecond ? `  ${t.perSecond.toFixed(0)}/s` : ""}  (${t.runs} runs)`,
      );
    if (wrong) say(`WRONG: ${wrong} (standings off a brute-force count, or counts off the best scores)`);
    return {
      students: o.students,
      finishedAttempts: finished,
      distinctScores: distinct,
      fillSeconds,
      rebuildMs,
      timings,
      checked: sample.length,
      wrong,
    };
  } finally {
    await pool.destroy();
    await bench.close();
    await admin.end();
    await database.drop();
  }
}
