import type { AttemptStatus, AttemptView, Result } from "@imtihon/client-sdk/protocol";
import type { AnswerResponse, AttemptRow } from "@imtihon/db";
import type { Database } from "@imtihon/db";
import { sql, type Kysely } from "kysely";
import { randomInt } from "node:crypto";
import type { AppContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { consumeGrant, requireGrant } from "../payments/entitlements.ts";
import type { ExamContent, ExamContentCache } from "./content.ts";
import { closeAttempt, type ClosedAttempt } from "./finalize.ts";
import { attemptView, studentMaySeeScore, toResult } from "./views.ts";

/** Answers may arrive this long after the deadline (transit); the contract allows at most 2 s. */
export const GRACE_MS = 2000;

const OPEN: AttemptStatus[] = ["lobby", "in_progress"];

type AnswerRow = { question_id: string; response: AnswerResponse; seq: number };

export interface Actor {
  userId: string;
}

function shuffled<T>(items: readonly T[]): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function orders(content: ExamContent) {
  const questionOrder = content.shuffleQuestions ? shuffled(content.order) : [...content.order];
  // Options in authored order are not stored (the view falls back to it), so an unshuffled exam's
  // attempt row stays small. Matching: the left items, then the right ones; the right side is always
  // shuffled, or its authored order (usually the left's) would give the pairs away.
  const optionOrder: Record<string, string[]> = {};
  for (const qid of questionOrder) {
    const q = content.questions.get(qid)!;
    const ids = q.options.map((o) => o.id);
    const mine = content.shuffleOptions ? shuffled(ids) : ids;
    if (q.kind === "matching") optionOrder[qid] = [...mine, ...shuffled(q.right.map((o) => o.id))];
    else if (content.shuffleOptions) optionOrder[qid] = mine;
  }
  return { questionOrder, optionOrder };
}

async function requirePaid(ctx: AppContext, userId: string, content: ExamContent) {
  await requireGrant(ctx.db, userId, content.id, content.priceUzs);
}

/**
 * Runs the statement that may create an attempt; for a paid exam, in one transaction with the use
 * of one grant attempt (payments/entitlements.ts), so two tabs use one grant and a resume none.
 */
async function withGrant<R extends { rows: { id: string; existing?: boolean }[] }>(
  ctx: AppContext,
  actor: Actor,
  content: ExamContent,
  create: (db: Kysely<Database>) => Promise<R>,
): Promise<R> {
  if (content.priceUzs <= 0) return create(ctx.db);
  return ctx.db.transaction().execute(async (trx) => {
    const res = await create(trx);
    const row = res.rows[0];
    if (row && row.existing !== true && (await consumeGrant(trx, actor.userId, content.id, row.id)) !== "ok")
      throw new AppError("payment_required", `this exam costs ${content.priceUzs} UZS`);
    return res;
  });
}

async function loadView(ctx: AppContext, content: ExamContent, attempt: AttemptRow): Promise<AttemptView> {
  const answers = await ctx.db
    .selectFrom("answers")
    .select(["question_id", "response", "seq"])
    .where("attempt_id", "=", attempt.id)
    .execute();
  return attemptView(content, attempt, answers);
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: string }).code === "23505";
}

/**
 * `attempt:start` for a self-paced exam: resumes the open attempt, or checks the window, price and
 * attempt limit and creates one with its own stored question and option order. The usual cases
 * (resume, or a new attempt) cost one statement; only a refusal or a race takes a second look.
 */
export async function startSelfPaced(
  ctx: AppContext,
  contentCache: ExamContentCache,
  actor: Actor,
  examId: string,
): Promise<{ view: AttemptView; created: boolean }> {
  const content = await contentCache.get(examId);
  if (content.mode !== "self_paced")
    throw new AppError("forbidden", "a live exam is joined through its session");
  for (let round = 0; round < 3; round++) {
    const now = new Date();
    const windowOpen = !(
      (content.opensAt && now < content.opensAt) ||
      (content.closesAt && now >= content.closesAt)
    );
    let deadline = new Date(now.getTime() + content.durationSeconds * 1000);
    if (content.closesAt && content.closesAt < deadline) deadline = content.closesAt;
    const { questionOrder, optionOrder } = orders(content);
    const { rows } = await withGrant(ctx, actor, content, (db) =>
      sql<AttemptRow & { existing: boolean; answers: AnswerRow[] }>`
      with open as (
        select a.*, coalesce((select jsonb_agg(jsonb_build_object('question_id', x.question_id, 'response', x.response, 'seq', x.seq))
                              from answers x where x.attempt_id = a.id), '[]'::jsonb) as answers
        from attempts a
        where a.user_id = ${actor.userId} and a.exam_id = ${examId} and a.session_id is null
          and a.status in ('lobby', 'in_progress')
      ),
      ins as (
        insert into attempts (exam_id, session_id, user_id, status, started_at, deadline_at, question_order, option_order, max_score)
        select ${examId}, null, ${actor.userId}, 'in_progress', ${now}, ${deadline}, ${questionOrder}::uuid[],
          ${JSON.stringify(optionOrder)}::text::jsonb, ${content.maxScore}
        where ${windowOpen} and not exists (select 1 from open)
          and (${content.maxAttempts}::int is null or (select count(*) from attempts c
               where c.user_id = ${actor.userId} and c.exam_id = ${examId} and c.session_id is null) < ${content.maxAttempts}::int)
        on conflict do nothing
        returning *, '[]'::jsonb as answers
      )
      select true as existing, * from open
      union all
      select false as existing, * from ins`.execute(db),
    );
    const row = rows[0];
    if (row) {
      const overdue = row.deadline_at && row.deadline_at.getTime() + GRACE_MS < Date.now();
      if (!row.existing || !overdue)
        return { view: attemptView(content, row, row.answers), created: !row.existing };
      // Left open past its deadline (its student was away): close it, then start afresh.
      await closeAttempt(ctx.db, contentCache, row.id, "expired", "deadline");
      continue;
    }
    // Nothing open and nothing inserted. A parallel start may have inserted the open attempt after
    // this statement's snapshot (its insert met the unique index and did nothing): resume it.
    if (await findOpen(ctx, actor.userId, examId, null)) continue;
    if (!windowOpen) throw new AppError("exam_closed", "this exam is not open now");
    await requirePaid(ctx, actor.userId, content);
    if (content.maxAttempts !== null) {
      const { n } = await ctx.db
        .selectFrom("attempts")
        .select((eb) => eb.fn.countAll<string>().as("n"))
        .where("user_id", "=", actor.userId)
        .where("exam_id", "=", examId)
        .where("session_id", "is", null)
        .executeTakeFirstOrThrow();
      if (Number(n) >= content.maxAttempts)
        throw new AppError("max_attempts", `at most ${content.maxAttempts} attempts`);
    }
  }
  throw new AppError("unavailable", "could not start the attempt, retry");
}

/**
 * `attempt:start { sessionId }`: joins a live session. In the lobby the attempt waits with no
 * deadline; in a running or paused session it gets the session's remaining time.
 */
export async function joinSession(
  ctx: AppContext,
  contentCache: ExamContentCache,
  actor: Actor,
  sessionId: string,
): Promise<{ view: AttemptView; created: boolean; fullName?: string }> {
  const session = await ctx.db
    .selectFrom("live_sessions")
    .selectAll()
    .where("id", "=", sessionId)
    .executeTakeFirst();
  if (!session) throw notFound("session");
  const content = await contentCache.get(session.exam_id);
  // The student's attempts at this exam, by (user_id, exam_id) alone: a handful of rows through
  // attempts_user_exam_idx whatever the statistics say. A `status in (...)` or `session_id = ...`
  // predicate here let the planner pick the partial index of the session's open attempts and scan
  // the whole lobby (0.44 ms per join at 20,000, growing with the crowd).
  const mine = await ctx.db
    .selectFrom("attempts")
    .selectAll()
    .where("user_id", "=", actor.userId)
    .where("exam_id", "=", session.exam_id)
    .execute();
  const inSession = mine.filter((a) => a.session_id === sessionId);
  const open = inSession.find((a) => OPEN.includes(a.status));
  if (open) return { view: await loadView(ctx, content, open), created: false };
  if (session.state === "ended") throw new AppError("exam_closed", "this session has ended");
  if (inSession.length > 0) throw new AppError("max_attempts", "you already took this session");
  await requirePaid(ctx, actor.userId, content);
  const { questionOrder, optionOrder } = orders(content);
  const started = session.state === "running" || session.state === "paused";
  try {
    const { rows } = await withGrant(ctx, actor, content, async (db) => ({
      rows: [
        await db
          .insertInto("attempts")
          .values({
            exam_id: session.exam_id,
            session_id: sessionId,
            user_id: actor.userId,
            status: started ? "in_progress" : "lobby",
            started_at: started ? new Date() : null,
            deadline_at: started ? session.deadline_at : null,
            paused_at: session.state === "paused" ? session.paused_at : null,
            submitted_at: null,
            question_order: questionOrder,
            option_order: JSON.stringify(optionOrder),
            score: null,
            max_score: content.maxScore,
          })
          .returningAll()
          // The proctors' roster names the newcomer: read with the insert, not in a statement of its own.
          .returning(sql<string>`(select full_name from users where id = ${actor.userId})`.as("full_name"))
          .executeTakeFirstOrThrow(),
      ],
    }));
    return { view: attemptView(content, rows[0]!, []), created: true, fullName: rows[0]!.full_name };
  } catch (err) {
    if (!isUniqueViolation(err)) throw err;
    const winner = await findOpen(ctx, actor.userId, session.exam_id, sessionId);
    if (!winner) throw err;
    return { view: await loadView(ctx, content, winner), created: false };
  }
}

async function findOpen(ctx: AppContext, userId: string, examId: string, sessionId: string | null) {
  // By (user_id, exam_id) alone and filtered here, for the plan's sake (see joinSession).
  const rows = await ctx.db
    .selectFrom("attempts")
    .selectAll()
    .where("user_id", "=", userId)
    .where("exam_id", "=", examId)
    .execute();
  return rows.find((a) => a.session_id === sessionId && OPEN.includes(a.status));
}

/** Loads an attempt the actor owns; another user's attempt is indistinguishable from a missing one. */
export async function ownAttempt(ctx: AppContext, actor: Actor, attemptId: string): Promise<AttemptRow> {
  const row = await ctx.db.selectFrom("attempts").selectAll().where("id", "=", attemptId).executeTakeFirst();
  if (!row || row.user_id !== actor.userId) throw notFound("attempt");
  return row;
}

/** `attempt:resume`: the actor's own attempt as it stands, whatever its status. */
export async function resumeAttempt(
  ctx: AppContext,
  contentCache: ExamContentCache,
  actor: Actor,
  attemptId: string,
): Promise<AttemptView> {
  const row = await ownAttempt(ctx, actor, attemptId);
  return loadView(ctx, await contentCache.get(row.exam_id), row);
}

/** `attempt:submit`: idempotent; a second call answers the stored outcome. */
export async function submitAttempt(
  ctx: AppContext,
  contentCache: ExamContentCache,
  actor: Actor,
  attemptId: string,
): Promise<{ status: AttemptStatus; result?: Result; closed: ClosedAttempt | null }> {
  const row = await ownAttempt(ctx, actor, attemptId);
  if (row.status === "lobby") throw new AppError("paused", "the session has not started yet");
  const content = await contentCache.get(row.exam_id);
  const overdue = row.deadline_at !== null && row.deadline_at.getTime() + GRACE_MS < Date.now();
  const closed =
    row.status === "in_progress"
      ? await closeAttempt(ctx.db, contentCache, attemptId, overdue ? "expired" : "submitted", "deadline")
      : null;
  if (closed) {
    return {
      status: closed.status,
      result: studentMaySeeScore(content.review) ? toResult(closed) : undefined,
      closed,
    };
  }
  const final = await ctx.db
    .selectFrom("attempts as a")
    .leftJoin("results as r", "r.attempt_id", "a.id")
    .select(["a.status", "r.score", "r.max_score", "r.sections", "r.topics"])
    .where("a.id", "=", attemptId)
    .executeTakeFirstOrThrow();
  const result =
    studentMaySeeScore(content.review) && final.score !== null && final.max_score !== null && final.sections
      ? toResult({
          score: final.score,
          maxScore: final.max_score,
          sections: final.sections,
          topics: final.topics,
        })
      : undefined;
  return { status: final.status, result, closed: null };
}
