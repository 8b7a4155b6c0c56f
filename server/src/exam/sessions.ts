import type { AttemptStatus, RosterEntry, SessionView } from "@imtihon/client-sdk/protocol";
import type { Database, LiveSessionRow } from "@imtihon/db";
import { sql, type Kysely, type Transaction } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { AppContext } from "../context.ts";
import { AppError, forbidden, notFound } from "../errors.ts";
import type { ExamContentCache } from "./content.ts";
import { closeAttempt, closeLockedAttempts, type ClosedAttempt } from "./finalize.ts";
import { iso } from "./views.ts";

export function sessionView(s: LiveSessionRow): SessionView {
  return {
    id: s.id,
    examId: s.exam_id,
    state: s.state,
    proctorId: s.proctor_id,
    startedAt: iso(s.started_at),
    deadline: iso(s.deadline_at),
    endedAt: iso(s.ended_at),
    createdAt: s.created_at.toISOString(),
  };
}

/** A proctor may act on their own sessions; an admin on all. Students never. */
export async function sessionFor(
  db: Kysely<Database>,
  p: Principal,
  sessionId: string,
): Promise<LiveSessionRow> {
  if (p.role === "student") throw forbidden("proctors only");
  const s = await db.selectFrom("live_sessions").selectAll().where("id", "=", sessionId).executeTakeFirst();
  if (!s) throw notFound("session");
  if (p.role !== "admin" && s.proctor_id !== p.userId) throw forbidden("not your session");
  return s;
}

async function lockSession(trx: Transaction<Database>, p: Principal, sessionId: string) {
  if (p.role === "student") throw forbidden("proctors only");
  const s = await trx
    .selectFrom("live_sessions")
    .selectAll()
    .where("id", "=", sessionId)
    .forUpdate()
    .executeTakeFirst();
  if (!s) throw notFound("session");
  if (p.role !== "admin" && s.proctor_id !== p.userId) throw forbidden("not your session");
  return s;
}

async function logAction(
  db: Kysely<Database>,
  sessionId: string,
  actorId: string,
  action: string,
  attemptId: string | null = null,
  details: Record<string, unknown> | null = null,
): Promise<Date> {
  // The stored time is the action's one time: a message sent live carries it too, so the live copy
  // and the one read back after a reload are the same message (a student's dismissal sticks).
  const row = await db
    .insertInto("proctor_actions")
    .values({
      session_id: sessionId,
      attempt_id: attemptId,
      actor_id: actorId,
      action,
      details: details ? JSON.stringify(details) : null,
    })
    .returning("at")
    .executeTakeFirstOrThrow();
  return row.at;
}

/** Attempts of a session whose clock a state change moved; each gets its own attempt:time. */
export interface MovedAttempt {
  id: string;
  status: AttemptStatus;
  deadline: Date | null;
  paused: boolean;
}

// Session-wide updates lock the attempt rows in id order first, the same order the answer
// writer takes its share locks in, so the two can never deadlock. The partial index
// attempts_session_open_idx (session_id, id) holds exactly these rows, already in id order; the
// updates that follow touch the locked rows by primary key, never by a scan of open attempts.
async function lockOpenAttempts(trx: Transaction<Database>, sessionId: string) {
  return trx
    .selectFrom("attempts")
    .select(["id", "exam_id", "session_id", "user_id", "deadline_at", "status", "extra_seconds", "paused_at"])
    .where("session_id", "=", sessionId)
    .where("status", "in", ["lobby", "in_progress"])
    .orderBy("id")
    .forUpdate()
    .execute();
}

/**
 * `id = any($1::uuid[])` over rows this transaction has locked, with no status filter beside it:
 * a status filter lets the planner (on stale statistics) prefer a partial index of *all* open
 * attempts to the primary key, and the locked rows' statuses are already known.
 */
function anyId(rows: { id: string }[]) {
  return sql<string>`any(${rows.map((r) => r.id)}::uuid[])`;
}

/**
 * "Still open" for a statement that finds its attempt by primary key. Written as "not closed" on
 * purpose: `status in ('lobby', 'in_progress')` would match the predicates of the partial indexes
 * over every open attempt, which stale statistics make the planner prefer to the primary key.
 */
const STILL_OPEN = sql<boolean>`status not in ('submitted', 'expired', 'terminated')`;

export async function startSession(
  ctx: AppContext,
  content: ExamContentCache,
  p: Principal,
  sessionId: string,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const s = await lockSession(trx, p, sessionId);
    if (s.state === "ended") throw new AppError("exam_closed", "this session has ended");
    if (s.state !== "lobby") return { session: s, moved: [] as MovedAttempt[] };
    const exam = await content.get(s.exam_id);
    const now = new Date();
    const deadline = new Date(now.getTime() + exam.durationSeconds * 1000);
    // One statement: lock the session's open attempts in id order (as lockOpenAttempts does, the
    // writer's order) and move the lobby ones, with no round trip of 20,000 ids out to the node and
    // back in a start storm. The lobby check reads the locked row (`l.status`): a condition on `a`
    // beside its primary-key join could be served by a partial index of every open attempt.
    const { rows: moved } = await sql<{ id: string; status: AttemptStatus; deadline_at: Date | null }>`
      update attempts a
      set status = 'in_progress', started_at = ${now},
        deadline_at = ${deadline}::timestamptz + make_interval(secs => a.extra_seconds)
      from (
        select id, status from attempts
        where session_id = ${sessionId} and status in ('lobby', 'in_progress')
        order by id
        for update
      ) l
      where a.id = l.id and l.status = 'lobby'
      returning a.id, a.status, a.deadline_at`.execute(trx);
    const session = await trx
      .updateTable("live_sessions")
      .set({ state: "running", started_at: now, deadline_at: deadline })
      .where("id", "=", sessionId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await logAction(trx, sessionId, p.userId, "start");
    return {
      session,
      moved: moved.map((m) => ({ id: m.id, status: m.status, deadline: m.deadline_at, paused: false })),
    };
  });
}

export async function pauseSession(ctx: AppContext, p: Principal, sessionId: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const s = await lockSession(trx, p, sessionId);
    if (s.state === "ended") throw new AppError("exam_closed", "this session has ended");
    if (s.state === "lobby") throw new AppError("forbidden", "the session has not started");
    if (s.state === "paused") return { session: s, moved: [] as MovedAttempt[] };
    const now = new Date();
    const locked = await lockOpenAttempts(trx, sessionId);
    const moved = await trx
      .updateTable("attempts")
      .set({ paused_at: now })
      .where("id", "=", anyId(locked.filter((a) => a.status === "in_progress")))
      .returning(["id", "status", "deadline_at"])
      .execute();
    const session = await trx
      .updateTable("live_sessions")
      .set({ state: "paused", paused_at: now })
      .where("id", "=", sessionId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await logAction(trx, sessionId, p.userId, "pause");
    return {
      session,
      moved: moved.map((m) => ({ id: m.id, status: m.status, deadline: m.deadline_at, paused: true })),
    };
  });
}

/** Moves every paused deadline (and the session's) by the length of the pause, in one statement. */
export async function resumeSession(ctx: AppContext, p: Principal, sessionId: string) {
  return ctx.db.transaction().execute(async (trx) => {
    const s = await lockSession(trx, p, sessionId);
    if (s.state === "ended") throw new AppError("exam_closed", "this session has ended");
    if (s.state !== "paused") return { session: s, moved: [] as MovedAttempt[] };
    const now = new Date();
    const locked = await lockOpenAttempts(trx, sessionId);
    const moved = await trx
      .updateTable("attempts")
      .set({ deadline_at: sql<Date>`deadline_at + (${now}::timestamptz - paused_at)`, paused_at: null })
      .where("id", "=", anyId(locked.filter((a) => a.status === "in_progress" && a.paused_at !== null)))
      .returning(["id", "status", "deadline_at"])
      .execute();
    const session = await trx
      .updateTable("live_sessions")
      .set({
        state: "running",
        deadline_at: sql<Date>`deadline_at + (${now}::timestamptz - paused_at)`,
        paused_at: null,
      })
      .where("id", "=", sessionId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await logAction(trx, sessionId, p.userId, "resume", null, {
      pausedMs: now.getTime() - (s.paused_at?.getTime() ?? now.getTime()),
    });
    return {
      session,
      moved: moved.map((m) => ({ id: m.id, status: m.status, deadline: m.deadline_at, paused: false })),
    };
  });
}

/** Ends the session: every open attempt (lobby included) is submitted and scored. */
export async function endSession(
  ctx: AppContext,
  content: ExamContentCache,
  p: Principal,
  sessionId: string,
) {
  return ctx.db.transaction().execute(async (trx) => {
    const s = await lockSession(trx, p, sessionId);
    if (s.state === "ended") return { session: s, closed: [] as ClosedAttempt[] };
    const open = await lockOpenAttempts(trx, sessionId);
    const closed = await closeLockedAttempts(trx, content, open, "submitted", "now");
    const session = await trx
      .updateTable("live_sessions")
      .set({ state: "ended", ended_at: new Date(), paused_at: null })
      .where("id", "=", sessionId)
      .returningAll()
      .executeTakeFirstOrThrow();
    await logAction(trx, sessionId, p.userId, "end", null, { submitted: closed.length });
    return { session, closed };
  });
}

/** The attempt and its session, if the principal may act on it. */
async function attemptForProctor(ctx: AppContext, p: Principal, attemptId: string) {
  if (p.role === "student") throw forbidden("proctors only");
  const a = await ctx.db
    .selectFrom("attempts as a")
    .leftJoin("live_sessions as s", "s.id", "a.session_id")
    .select(["a.id", "a.status", "a.session_id", "a.user_id", "s.proctor_id"])
    .where("a.id", "=", attemptId)
    .executeTakeFirst();
  if (!a) throw notFound("attempt");
  if (p.role !== "admin" && (a.session_id === null || a.proctor_id !== p.userId))
    throw forbidden("not your session");
  return a;
}

export async function extendAttempt(ctx: AppContext, p: Principal, attemptId: string, seconds: number) {
  const a = await attemptForProctor(ctx, p, attemptId);
  if (a.status !== "in_progress" && a.status !== "lobby")
    throw new AppError("attempt_closed", `the attempt is ${a.status}`);
  const row = await ctx.db
    .updateTable("attempts")
    .set({
      extra_seconds: sql<number>`extra_seconds + ${seconds}`,
      deadline_at: sql<Date | null>`deadline_at + make_interval(secs => ${seconds})`,
    })
    .where("id", "=", attemptId)
    .where(STILL_OPEN)
    .returning(["id", "deadline_at", "paused_at", "session_id"])
    .executeTakeFirst();
  if (!row) throw new AppError("attempt_closed", "the attempt has ended");
  if (a.session_id) await logAction(ctx.db, a.session_id, p.userId, "extend", attemptId, { seconds });
  return row;
}

export async function terminateAttempt(
  ctx: AppContext,
  content: ExamContentCache,
  p: Principal,
  attemptId: string,
  reason: string,
): Promise<ClosedAttempt> {
  const a = await attemptForProctor(ctx, p, attemptId);
  const closed = await closeAttempt(ctx.db, content, attemptId, "terminated");
  if (!closed) throw new AppError("attempt_closed", `the attempt is ${a.status}`);
  if (a.session_id) await logAction(ctx.db, a.session_id, p.userId, "terminate", attemptId, { reason });
  return closed;
}

export async function messageSession(
  ctx: AppContext,
  p: Principal,
  sessionId: string,
  attemptId: string | undefined,
  text: string,
) {
  await sessionFor(ctx.db, p, sessionId);
  if (attemptId) {
    const a = await ctx.db
      .selectFrom("attempts")
      .select("session_id")
      .where("id", "=", attemptId)
      .executeTakeFirst();
    if (!a || a.session_id !== sessionId) throw notFound("attempt");
  }
  return logAction(ctx.db, sessionId, p.userId, "message", attemptId ?? null, { text });
}

/** One entry per attempt; `connected` is filled in by the caller from live sockets. */
export async function rosterSnapshot(
  ctx: AppContext,
  sessionId: string,
  total: number,
): Promise<RosterEntry[]> {
  // Driven by the session's attempts; every other table is probed per attempt by its key (scalar
  // subqueries are never turned into joins over whole tables, whatever the statistics say).
  const rows = await ctx.db
    .selectFrom("attempts as a")
    .select([
      "a.id",
      "a.user_id",
      (eb) =>
        eb.selectFrom("users as u").select("u.full_name").whereRef("u.id", "=", "a.user_id").as("full_name"),
      "a.status",
      "a.deadline_at",
      "a.created_at",
      (eb) =>
        eb
          .selectFrom("answers as x")
          .select((e) => e.fn.countAll<string>().as("n"))
          .whereRef("x.attempt_id", "=", "a.id")
          .as("answered"),
      (eb) =>
        eb
          .selectFrom("answers as x")
          .select((e) => e.fn.max("x.saved_at").as("m"))
          .whereRef("x.attempt_id", "=", "a.id")
          .as("last_saved"),
      (eb) =>
        eb
          .selectFrom("integrity_events as i")
          .select((e) => e.fn.countAll<string>().as("n"))
          .whereRef("i.attempt_id", "=", "a.id")
          .as("flags"),
    ])
    .where("a.session_id", "=", sessionId)
    .orderBy("full_name")
    .execute();
  return rows.map((r) => ({
    attemptId: r.id,
    userId: r.user_id,
    fullName: r.full_name ?? "",
    status: r.status,
    connected: false,
    answered: Number(r.answered ?? 0),
    total,
    deadline: iso(r.deadline_at),
    flags: Number(r.flags ?? 0),
    lastSeenAt: iso((r.last_saved as Date | null) ?? r.created_at),
  }));
}
