import type { Deps } from "../context.ts";
import { notFound } from "../errors.ts";
import { AnswerWriter } from "./answer-writer.ts";
import type { ExamContentCache } from "./content.ts";
import type { ClosedAttempt } from "./finalize.ts";
import { startSweeper, type SweeperHandle } from "./sweeper.ts";

/** The immutable facts of an attempt that the hot path checks without asking Postgres. */
export interface AttemptInfo {
  userId: string;
  examId: string;
  sessionId: string | null;
}

export interface ExamRuntimeOptions {
  /** Default 1000 ms (config SWEEP_INTERVAL_MS). */
  sweepIntervalMs?: number;
  /** Saves the answer writer holds before it refuses (config ANSWER_QUEUE_MAX). */
  answerQueueMax?: number;
}

/** What the exam machinery uses of the server: the pools, the logger, the metrics, the exam cache. */
export type ExamRuntimeDeps = Deps<"db" | "sql" | "log" | "metrics" | "exams">;

/**
 * Node-level exam machinery shared by every connection: the published-exam cache, the answer writer,
 * the sweeper that closes overdue attempts, and a cache of attempts' immutable facts. It knows nothing
 * of sockets: whoever starts it says what to do with the attempts the sweeper closed.
 */
export class ExamRuntime {
  readonly content: ExamContentCache;
  readonly writer: AnswerWriter;
  readonly #deps: ExamRuntimeDeps;
  readonly #attempts = new Map<string, AttemptInfo>();
  readonly #sweepIntervalMs: number;
  #sweeper: SweeperHandle | undefined;

  constructor(deps: ExamRuntimeDeps, options: ExamRuntimeOptions = {}) {
    this.#deps = deps;
    this.content = deps.exams;
    this.writer = new AnswerWriter(deps.sql, deps.log, deps.metrics, {
      ...(options.answerQueueMax !== undefined ? { maxQueue: options.answerQueueMax } : {}),
    });
    this.#sweepIntervalMs = options.sweepIntervalMs ?? 1000;
  }

  /** Starts the sweeper; `onClosed` hears of every attempt it closes (the realtime layer announces them). */
  start(onClosed: (closed: ClosedAttempt[]) => void): void {
    this.#sweeper ??= startSweeper(this.#deps, this.content, onClosed, this.#sweepIntervalMs);
  }

  /** Stops the sweeper and flushes the answers still queued. */
  async stop(): Promise<void> {
    await this.#sweeper?.stop();
    await this.writer.close();
  }

  sweepNow(): void {
    this.#sweeper?.kick();
  }

  remember(attemptId: string, info: AttemptInfo): void {
    if (this.#attempts.size > 200_000) this.#attempts.clear();
    this.#attempts.set(attemptId, info);
  }

  /** What this node knows of an attempt's connection to a session, without asking Postgres. */
  known(attemptId: string): AttemptInfo | undefined {
    return this.#attempts.get(attemptId);
  }

  /** The attempt's owner and exam, cached per node (they never change). */
  async attemptInfo(attemptId: string): Promise<AttemptInfo> {
    const hit = this.#attempts.get(attemptId);
    if (hit) return hit;
    const row = await this.#deps.db
      .selectFrom("attempts")
      .select(["user_id", "exam_id", "session_id"])
      .where("id", "=", attemptId)
      .executeTakeFirst();
    if (!row) throw notFound("attempt");
    const info = { userId: row.user_id, examId: row.exam_id, sessionId: row.session_id };
    this.remember(attemptId, info);
    return info;
  }
}
