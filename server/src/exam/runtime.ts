import { rooms } from "@imtihon/client-sdk/protocol";
import type { AppContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { AnswerWriter } from "../exam/answer-writer.ts";
import type { ExamContentCache } from "../exam/content.ts";
import type { ClosedAttempt } from "../exam/finalize.ts";
import { startSweeper, type SweeperHandle } from "../exam/sweeper.ts";
import { studentMaySeeScore, toResult } from "../exam/views.ts";
import { RosterHub } from "./roster-hub.ts";
import type { IoServer, IoSocket } from "./types.ts";

/** The immutable facts of an attempt that the hot path checks without asking Postgres. */
export interface AttemptInfo {
  userId: string;
  examId: string;
  sessionId: string | null;
}

export interface ExamRuntimeOptions {
  sweepIntervalMs?: number;
  rosterWindowMs?: number;
}

/** Node-level exam machinery shared by all sockets: caches, the answer writer, sweeper, roster. */
export class ExamRuntime {
  readonly ctx: AppContext;
  readonly io: IoServer;
  readonly content: ExamContentCache;
  readonly writer: AnswerWriter;
  readonly roster: RosterHub;
  readonly #attempts = new Map<string, AttemptInfo>();
  readonly #sweepIntervalMs: number;
  #sweeper: SweeperHandle | undefined;

  constructor(ctx: AppContext, io: IoServer, options: ExamRuntimeOptions = {}) {
    this.ctx = ctx;
    this.io = io;
    this.content = ctx.exams;
    this.writer = new AnswerWriter(ctx.sql, ctx.log, ctx.metrics, { maxQueue: ctx.config.answerQueueMax });
    this.roster = new RosterHub(ctx, io, options.rosterWindowMs);
    this.#sweepIntervalMs = options.sweepIntervalMs ?? 1000;
  }

  start(): void {
    this.#sweeper = startSweeper(
      this.ctx,
      this.content,
      (closed) => this.announceClosed(closed),
      this.#sweepIntervalMs,
    );
  }

  async stop(): Promise<void> {
    await this.#sweeper?.stop();
    await this.writer.close();
    await this.roster.flush();
    this.roster.stop();
  }

  sweepNow(): void {
    this.#sweeper?.kick();
  }

  remember(attemptId: string, info: AttemptInfo): void {
    if (this.#attempts.size > 200_000) this.#attempts.clear();
    this.#attempts.set(attemptId, info);
  }

  /** The attempt's owner and exam, cached per node (they never change). */
  async attemptInfo(attemptId: string): Promise<AttemptInfo> {
    const hit = this.#attempts.get(attemptId);
    if (hit) return hit;
    const row = await this.ctx.db
      .selectFrom("attempts")
      .select(["user_id", "exam_id", "session_id"])
      .where("id", "=", attemptId)
      .executeTakeFirst();
    if (!row) throw notFound("attempt");
    const info = { userId: row.user_id, examId: row.exam_id, sessionId: row.session_id };
    this.remember(attemptId, info);
    return info;
  }

  /** Tells the students (every tab, every node) and the proctors that attempts ended. */
  async announceClosed(closed: ClosedAttempt[]): Promise<void> {
    for (const c of closed) {
      let showScore: boolean;
      try {
        showScore = studentMaySeeScore((await this.content.get(c.examId)).review);
      } catch {
        showScore = false;
      }
      this.io.to(rooms.attempt(c.attemptId)).emit("attempt:ended", {
        attemptId: c.attemptId,
        status: c.status,
        ...(showScore ? { result: toResult(c) } : {}),
      });
      this.roster.update(c.sessionId, c.attemptId, { status: c.status });
    }
  }

  onDisconnect(socket: IoSocket): void {
    for (const attemptId of socket.data.attempts) {
      const info = this.#attempts.get(attemptId);
      if (!info?.sessionId) continue;
      const sessionId = info.sessionId;
      // Another tab on any node may still hold the attempt: ask the cluster before saying "gone".
      this.io
        .in(rooms.attempt(attemptId))
        .fetchSockets()
        .then((left) => this.roster.update(sessionId, attemptId, { connected: left.length > 0 }))
        .catch(() => this.roster.update(sessionId, attemptId, { connected: false }));
    }
  }
}

export function createExamRuntime(ctx: AppContext, io: IoServer, options?: ExamRuntimeOptions): ExamRuntime {
  return new ExamRuntime(ctx, io, options);
}
