import { rooms } from "@imtihon/client-sdk/protocol";
import type { AppContext } from "../context.ts";
import { notFound } from "../errors.ts";
import { AnswerWriter } from "../exam/answer-writer.ts";
import type { ExamContentCache } from "../exam/content.ts";
import type { ClosedAttempt } from "../exam/finalize.ts";
import type { MovedAttempt } from "../exam/sessions.ts";
import { startSweeper, type SweeperHandle } from "../exam/sweeper.ts";
import { studentMaySeeScore, toResult } from "../exam/views.ts";
import { RosterHub } from "./roster-hub.ts";
import type { IoServer, IoSocket, MovedBatch } from "./types.ts";

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
    io.on("attempts:moved", (batch) => this.#deliverMoved(batch));
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

  /**
   * Sends `attempt:time` to every tab of every moved attempt, on every node. One cluster message
   * per call (grouped by deadline), then each node walks its own sockets of the session: a start
   * storm no longer costs one adapter broadcast (a Redis publish and a room lookup on every node)
   * per student — the 20,000-student session:start spent ~2 of its 3 s on those (docs/performance.md).
   */
  announceMoved(sessionId: string, serverNow: string, moved: MovedAttempt[]): void {
    if (moved.length === 0) return;
    const groups = new Map<string, MovedBatch["groups"][number]>();
    for (const m of moved) {
      const deadline = m.deadline ? m.deadline.toISOString() : null;
      const key = `${deadline}/${m.paused}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { deadline, paused: m.paused, ids: [] }));
      g.ids.push(m.id);
    }
    const batch: MovedBatch = { sessionId, serverNow, groups: [...groups.values()] };
    if (this.ctx.config.redisUrl) this.io.serverSideEmit("attempts:moved", batch);
    this.#deliverMoved(batch);
  }

  /** This node's part of announceMoved: its sockets in the session's student room. */
  #deliverMoved(batch: MovedBatch): void {
    const sockets = this.io.of("/").sockets;
    const ids = this.io.of("/").adapter.rooms.get(rooms.sessionStudents(batch.sessionId));
    if (!ids?.size) return;
    const byAttempt = new Map<string, MovedBatch["groups"][number]>();
    for (const g of batch.groups) for (const id of g.ids) byAttempt.set(id, g);
    for (const socketId of ids) {
      const socket = sockets.get(socketId);
      if (!socket) continue;
      for (const attemptId of socket.data.attempts) {
        const g = byAttempt.get(attemptId);
        if (g)
          socket.emit("attempt:time", {
            attemptId,
            deadline: g.deadline,
            serverNow: batch.serverNow,
            paused: g.paused,
          });
      }
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
