import type postgres from "postgres";

/** What the statements of the bench act on; every id is lower case, as the protocol delivers it. */
export interface BenchData {
  selfPacedExamId: string;
  liveExamId: string;
  proctorId: string;
  questionIds: string[];
  /** Open (in_progress) self-paced attempts and their students. */
  open: { attemptId: string; userId: string }[];
  /** Students with no attempt yet: each `start (new)` run takes one. */
  fresh: string[];
  /** Students that sit the bench's live sessions (one session per run). */
  sessionUsers: string[];
}

export const QUESTIONS = 20;
/** Answers already stored per open attempt, so `answers` grows with the crowd too. */
export const ANSWERS_PER_ATTEMPT = 5;
export const SESSION_SIZE = 50;

// Tables the exam-day statements read. "Stale" turns their autovacuum off and analyzes them while
// they hold only a few closed attempts, so the statistics say "almost nothing is in progress":
// the state Postgres is in at an exam's start, when tens of thousands of attempts open in a minute.
const TABLES = [
  "users",
  "attempts",
  "answers",
  "results",
  "live_sessions",
  "integrity_events",
  "proctor_actions",
];

export async function freezeStatistics(sql: postgres.Sql): Promise<void> {
  for (const t of TABLES) await sql.unsafe(`alter table ${t} set (autovacuum_enabled = false)`);
}

export async function analyze(sql: postgres.Sql): Promise<void> {
  for (const t of TABLES) await sql.unsafe(`analyze ${t}`);
}

/** The two exams (self-paced and live, same 20 questions), a proctor, and 100 closed attempts. */
export async function createCatalogue(sql: postgres.Sql) {
  const [subject] = await sql<{ id: string }[]>`
    insert into subjects (code, name) values ('bench', 'Bench') returning id`;
  const questions = await sql<{ id: string }[]>`
    insert into questions (subject_id, kind, stem, options, correct)
    select ${subject!.id}, 'single', 'Question ' || g,
      '[{"id":"a","text":"A"},{"id":"b","text":"B"},{"id":"c","text":"C"},{"id":"d","text":"D"}]'::jsonb,
      '["a"]'::jsonb
    from generate_series(1, ${QUESTIONS}) g
    returning id`;
  const questionIds = questions.map((q) => q.id);
  const exams: string[] = [];
  for (const mode of ["self_paced", "live"]) {
    const [exam] = await sql<{ id: string }[]>`
      insert into exams (title, mode, duration_seconds, status, review, question_count, max_score, published_at)
      values (${`Bench ${mode}`}, ${mode}, 10800, 'published', 'score', ${QUESTIONS}, ${QUESTIONS * 100}, now())
      returning id`;
    await sql`insert into exam_sections (exam_id, position, title, subject_id, points)
      values (${exam!.id}, 0, 'A', ${subject!.id}, 100)`;
    await sql`
      insert into exam_questions (exam_id, question_id, section, position, points)
      select ${exam!.id}, q, 0, n, 100 from unnest(${questionIds}::uuid[]) with ordinality as t(q, n)`;
    exams.push(exam!.id);
  }
  const [proctor] = await sql<{ id: string }[]>`
    insert into users (email, password_hash, full_name, role)
    values ('proctor@bench.local', 'x', 'Proctor', 'proctor') returning id`;
  // A few closed attempts for the "small" statistics.
  await sql`
    with u as (
      insert into users (email, password_hash, full_name, role)
      select 'closed' || g || '@bench.local', 'x', 'Closed ' || g, 'student' from generate_series(1, 100) g
      returning id
    )
    insert into attempts (exam_id, user_id, status, started_at, deadline_at, submitted_at, question_order,
      option_order, score, max_score)
    select ${exams[0]!}, u.id, 'submitted', now() - interval '1 day', now() - interval '21 hours',
      now() - interval '22 hours', ${questionIds}::uuid[], '{}'::jsonb, 0, ${QUESTIONS * 100} from u`;
  return { selfPacedExamId: exams[0]!, liveExamId: exams[1]!, proctorId: proctor!.id, questionIds };
}

/** Bulk: `size` open attempts with their students and stored answers, plus spare students. */
export async function fillOpenAttempts(
  sql: postgres.Sql,
  catalogue: Awaited<ReturnType<typeof createCatalogue>>,
  size: number,
  fresh: number,
): Promise<BenchData> {
  const order = JSON.stringify(
    Object.fromEntries(catalogue.questionIds.map((q) => [q, ["a", "b", "c", "d"]])),
  );
  await sql`
    insert into users (email, password_hash, full_name, role)
    select 'open' || g || '@bench.local', 'x', 'Student ' || lpad(g::text, 6, '0'), 'student'
    from generate_series(1, ${size}) g`;
  // Deadlines spread over the next hours, like a day of self-paced sittings.
  const open = await sql<{ attemptId: string; userId: string }[]>`
    insert into attempts (exam_id, user_id, status, started_at, deadline_at, question_order, option_order, max_score)
    select ${catalogue.selfPacedExamId}, u.id, 'in_progress', now(),
      now() + interval '1 hour' + random() * interval '2 hours', ${catalogue.questionIds}::uuid[],
      ${order}::jsonb, ${QUESTIONS * 100}
    from users u where u.email like 'open%'
    returning id as "attemptId", user_id as "userId"`;
  await sql`
    insert into answers (attempt_id, question_id, response, seq, saved_at)
    select a.id, q, '{"choice":"b"}'::jsonb, 1, now()
    from attempts a cross join unnest(${catalogue.questionIds.slice(0, ANSWERS_PER_ATTEMPT)}::uuid[]) q
    where a.status = 'in_progress'`;
  // Integrity flags on about a quarter of the attempts (tab switches and the like).
  await sql`
    insert into integrity_events (attempt_id, kind, source, at)
    select a.id, 'blur', 'client', now() from attempts a where a.status = 'in_progress' and random() < 0.25`;
  const freshRows = await sql<{ id: string }[]>`
    insert into users (email, password_hash, full_name, role)
    select 'fresh' || g || '@bench.local', 'x', 'Fresh ' || g, 'student' from generate_series(1, ${fresh}) g
    returning id`;
  const sessionRows = await sql<{ id: string }[]>`
    insert into users (email, password_hash, full_name, role)
    select 'session' || g || '@bench.local', 'x', 'Session ' || lpad(g::text, 3, '0'), 'student'
    from generate_series(1, ${SESSION_SIZE + 1}) g
    returning id`;
  return {
    ...catalogue,
    open,
    fresh: freshRows.map((r) => r.id),
    sessionUsers: sessionRows.map((r) => r.id),
  };
}

/** A live session in the lobby with SESSION_SIZE waiting attempts (untimed setup of a run). */
export async function lobbySession(sql: postgres.Sql, data: BenchData): Promise<string> {
  const order = JSON.stringify(Object.fromEntries(data.questionIds.map((q) => [q, ["a", "b", "c", "d"]])));
  const [session] = await sql<{ id: string }[]>`
    insert into live_sessions (exam_id, proctor_id) values (${data.liveExamId}, ${data.proctorId}) returning id`;
  await sql`
    insert into attempts (exam_id, session_id, user_id, status, question_order, option_order, max_score)
    select ${data.liveExamId}, ${session!.id}, u, 'lobby', ${data.questionIds}::uuid[], ${order}::jsonb,
      ${QUESTIONS * 100}
    from unnest(${data.sessionUsers.slice(0, SESSION_SIZE)}::uuid[]) u`;
  return session!.id;
}

/** Puts closed bench attempts back in progress, so the crowd stays the same size (untimed). */
export async function reopen(sql: postgres.Sql, attemptIds: string[]): Promise<void> {
  await sql`delete from results where attempt_id = any(${attemptIds}::uuid[])`;
  await sql`
    update attempts set status = 'in_progress', submitted_at = null, score = null,
      deadline_at = now() + interval '1 hour' + random() * interval '2 hours'
    where id = any(${attemptIds}::uuid[])`;
}
