import type postgres from "postgres";
import type { Principal } from "../../../server/src/auth/principal.ts";
import type { AppContext } from "../../../server/src/context.ts";
import type { AnswerWriter } from "../../../server/src/exam/answer-writer.ts";
import {
  joinSession,
  resumeAttempt,
  startSelfPaced,
  submitAttempt,
} from "../../../server/src/exam/attempts.ts";
import {
  endSession,
  extendAttempt,
  pauseSession,
  resumeSession,
  rosterSnapshot,
  startSession,
} from "../../../server/src/exam/sessions.ts";
import { sweepOverdue } from "../../../server/src/exam/sweeper.ts";
import { lobbySession, QUESTIONS, reopen, SESSION_SIZE, type BenchData } from "./fill.ts";

/** One exam-day operation: untimed setup, the timed domain call, untimed teardown. */
export interface Operation {
  name: string;
  /** What one timed call must produce; the smoke test checks it, the report prints it. */
  expect: string;
  /** Runs once, timed around `run`; returns whether the outcome was the expected one. */
  once(bench: Bench, timed: (fn: () => Promise<unknown>) => Promise<unknown>): Promise<boolean>;
}

export interface Bench {
  ctx: AppContext;
  /** An untimed connection for setup and teardown. */
  admin: postgres.Sql;
  data: BenchData;
  writer: AnswerWriter;
  seq: { next: number };
}

const BATCH = 25;
const OVERDUE = 10;

function pick<T>(items: T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

function admin(data: BenchData): Principal {
  return { userId: data.proctorId, role: "proctor", tokenVersion: 0, expiresAt: Date.now() + 3_600_000 };
}

/** A running session of SESSION_SIZE in-progress attempts (untimed). */
async function runningSession(b: Bench) {
  const sessionId = await lobbySession(b.admin, b.data);
  await startSession(b.ctx, b.ctx.exams, admin(b.data), sessionId);
  return sessionId;
}

/** Ends the session and deletes it, so runs do not pile up closed attempts (untimed). */
async function closeSession(b: Bench, sessionId: string) {
  await endSession(b.ctx, b.ctx.exams, admin(b.data), sessionId);
  await dropSession(b, sessionId);
}

async function dropSession(b: Bench, sessionId: string) {
  await b.admin`delete from proctor_actions where session_id = ${sessionId}`;
  await b.admin`delete from attempts where session_id = ${sessionId}`;
  await b.admin`delete from live_sessions where id = ${sessionId}`;
}

export const OPERATIONS: Operation[] = [
  {
    name: "answer upsert",
    expect: `one batch of ${BATCH} saves on ${BATCH} attempts, all saved`,
    async once(b, timed) {
      const saves = Array.from({ length: BATCH }, () => ({
        attemptId: pick(b.data.open).attemptId,
        questionId: pick(b.data.questionIds),
        response: { choice: "c" },
        seq: ++b.seq.next,
      }));
      const outcomes = (await timed(() => Promise.all(saves.map((s) => b.writer.enqueue(s))))) as {
        kind: string;
      }[];
      // Two saves may pick the same (attempt, question): the lower seq is stale, still consistent.
      return outcomes.every((o) => o.kind === "saved" || o.kind === "stale");
    },
  },
  {
    name: "start (new attempt)",
    expect: "created",
    async once(b, timed) {
      const userId = b.data.fresh.pop()!;
      const r = (await timed(() =>
        startSelfPaced(b.ctx, b.ctx.exams, { userId }, b.data.selfPacedExamId),
      )) as {
        created: boolean;
        view: { questions: unknown[] };
      };
      await b.admin`delete from attempts where user_id = ${userId}`;
      b.data.fresh.unshift(userId);
      return r.created && r.view.questions.length === QUESTIONS;
    },
  },
  {
    name: "start (resume open)",
    expect: "the open attempt, not created",
    async once(b, timed) {
      const o = pick(b.data.open);
      const r = (await timed(() =>
        startSelfPaced(b.ctx, b.ctx.exams, { userId: o.userId }, b.data.selfPacedExamId),
      )) as { created: boolean; view: { id: string } };
      return !r.created && r.view.id === o.attemptId;
    },
  },
  {
    name: "attempt:resume",
    expect: "the attempt with its answers",
    async once(b, timed) {
      const o = pick(b.data.open);
      const v = (await timed(() => resumeAttempt(b.ctx, b.ctx.exams, { userId: o.userId }, o.attemptId))) as {
        id: string;
        answers: object;
      };
      return v.id === o.attemptId && Object.keys(v.answers).length >= 1;
    },
  },
  {
    name: "submit + finalize",
    expect: "submitted and scored",
    async once(b, timed) {
      const o = pick(b.data.open);
      const r = (await timed(() => submitAttempt(b.ctx, b.ctx.exams, { userId: o.userId }, o.attemptId))) as {
        status: string;
        result?: unknown;
      };
      await reopen(b.admin, [o.attemptId]);
      return r.status === "submitted" && r.result !== undefined;
    },
  },
  {
    name: "sweeper",
    expect: `${OVERDUE} overdue attempts expired and scored`,
    async once(b, timed) {
      const ids = [...new Set(Array.from({ length: OVERDUE * 2 }, () => pick(b.data.open).attemptId))].slice(
        0,
        OVERDUE,
      );
      await b.admin`update attempts set deadline_at = now() - interval '1 hour' where id = any(${ids}::uuid[])`;
      const closed = (await timed(() => sweepOverdue(b.ctx, b.ctx.exams))) as { attemptId: string }[];
      await reopen(b.admin, ids);
      return closed.length === ids.length;
    },
  },
  {
    name: "session start",
    expect: `${SESSION_SIZE} lobby attempts moved to in_progress`,
    async once(b, timed) {
      const sessionId = await lobbySession(b.admin, b.data);
      const r = (await timed(() => startSession(b.ctx, b.ctx.exams, admin(b.data), sessionId))) as {
        moved: unknown[];
      };
      await closeSession(b, sessionId);
      return r.moved.length === SESSION_SIZE;
    },
  },
  {
    name: "session join (running)",
    expect: "a new in_progress attempt with the session's deadline",
    async once(b, timed) {
      const sessionId = await runningSession(b);
      const userId = b.data.sessionUsers[SESSION_SIZE]!;
      const r = (await timed(() => joinSession(b.ctx, b.ctx.exams, { userId }, sessionId))) as {
        created: boolean;
        view: { status: string };
      };
      await closeSession(b, sessionId);
      return r.created && r.view.status === "in_progress";
    },
  },
  {
    name: "session pause",
    expect: `${SESSION_SIZE} attempts paused`,
    async once(b, timed) {
      const sessionId = await runningSession(b);
      const r = (await timed(() => pauseSession(b.ctx, admin(b.data), sessionId))) as { moved: unknown[] };
      await closeSession(b, sessionId);
      return r.moved.length === SESSION_SIZE;
    },
  },
  {
    name: "session resume",
    expect: `${SESSION_SIZE} deadlines moved`,
    async once(b, timed) {
      const sessionId = await runningSession(b);
      await pauseSession(b.ctx, admin(b.data), sessionId);
      const r = (await timed(() => resumeSession(b.ctx, admin(b.data), sessionId))) as { moved: unknown[] };
      await closeSession(b, sessionId);
      return r.moved.length === SESSION_SIZE;
    },
  },
  {
    name: "attempt extend",
    expect: "one deadline moved",
    async once(b, timed) {
      const sessionId = await runningSession(b);
      const [a] = await b.admin<
        { id: string }[]
      >`select id from attempts where session_id = ${sessionId} limit 1`;
      const r = (await timed(() => extendAttempt(b.ctx, admin(b.data), a!.id, 300))) as { deadline_at: Date };
      await closeSession(b, sessionId);
      return r.deadline_at instanceof Date;
    },
  },
  {
    name: "roster snapshot",
    expect: `${SESSION_SIZE} roster entries`,
    async once(b, timed) {
      const sessionId = await runningSession(b);
      const r = (await timed(() => rosterSnapshot(b.ctx, sessionId, QUESTIONS))) as unknown[];
      await closeSession(b, sessionId);
      return r.length === SESSION_SIZE;
    },
  },
  {
    name: "session end",
    expect: `${SESSION_SIZE} attempts submitted and scored`,
    async once(b, timed) {
      const sessionId = await runningSession(b);
      const r = (await timed(() => endSession(b.ctx, b.ctx.exams, admin(b.data), sessionId))) as {
        closed: unknown[];
      };
      await dropSession(b, sessionId);
      return r.closed.length === SESSION_SIZE;
    },
  },
];
