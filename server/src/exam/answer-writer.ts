import type { AnswerResponse } from "@imtihon/db";
import type postgres from "postgres";
import { AppError } from "../errors.ts";
import type { Logger } from "../infra/logger.ts";
import type { Metrics } from "../infra/metrics.ts";
import { GRACE_MS } from "./attempts.ts";

export interface AnswerInput {
  attemptId: string;
  questionId: string;
  response: AnswerResponse;
  seq: number;
}

export type WriteOutcome =
  | { kind: "saved"; seq: number; savedAt: string }
  | { kind: "stale"; seq: number }
  | { kind: "refused"; error: AppError };

interface Pending {
  input: AnswerInput;
  resolve: (o: WriteOutcome) => void;
}

export interface AnswerWriterOptions {
  /** Flush when this many answers wait... */
  maxBatch: number;
  /** ...or when the oldest has waited this long. */
  maxDelayMs: number;
  /** Batches in flight at once (each takes one pooled connection). */
  concurrency: number;
  /** Beyond this many waiting answers, refuse with `unavailable` rather than grow without bound. */
  maxQueue: number;
}

// Two batches in flight per node: on the 2-core test host, four made eight concurrent upserts fight
// for the same cores and WAL; two gave the same saturated throughput with bigger batches and a
// p99 at half load of 48 ms instead of 87-233 ms (docs/performance.md).
const DEFAULTS: AnswerWriterOptions = { maxBatch: 500, maxDelayMs: 2, concurrency: 2, maxQueue: 20_000 };

interface Row {
  attempt_id: string;
  question_id: string;
  saved_at: Date | null;
  stored_seq: number | null;
  status: string | null;
  paused: boolean | null;
  late: boolean | null;
}

/**
 * The answer hot path. Saves are queued per node and written as ONE statement per batch: the batch
 * is deduplicated and sorted by (attempt, question) so concurrent batches never deadlock; the open
 * attempts are locked FOR SHARE (so the sweeper cannot score an attempt while its answers are being
 * written); only rows whose stored seq is older change. Each waiting ack resolves after COMMIT.
 */
export class AnswerWriter {
  readonly #sql: postgres.Sql;
  readonly #log: Logger;
  readonly #metrics: Metrics;
  readonly #opts: AnswerWriterOptions;
  #queue: Pending[] = [];
  #inFlight = 0;
  #timer: NodeJS.Timeout | undefined;
  #closed = false;
  #idle: (() => void)[] = [];

  constructor(sql: postgres.Sql, log: Logger, metrics: Metrics, opts: Partial<AnswerWriterOptions> = {}) {
    this.#sql = sql;
    this.#log = log;
    this.#metrics = metrics;
    this.#opts = { ...DEFAULTS, ...opts };
  }

  get depth(): number {
    return this.#queue.length;
  }

  enqueue(input: AnswerInput): Promise<WriteOutcome> {
    if (this.#closed) return Promise.reject(new AppError("unavailable", "this node is shutting down, retry"));
    if (this.#queue.length >= this.#opts.maxQueue) {
      this.#metrics.answerAcks.labels("overloaded").inc();
      return Promise.reject(new AppError("unavailable", "the server is busy, retry shortly"));
    }
    // A queued save never rejects: a failed batch resolves as `refused` with its reason.
    return new Promise<WriteOutcome>((resolve) => {
      this.#queue.push({ input, resolve });
      this.#metrics.answerQueueDepth.set(this.#queue.length);
      this.#schedule();
    });
  }

  /** Stops taking new answers and resolves once everything queued is written (or refused). */
  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#queue.length > 0 || this.#inFlight > 0) {
      this.#pump();
      await new Promise<void>((r) => this.#idle.push(r));
    }
  }

  #schedule() {
    if (this.#queue.length >= this.#opts.maxBatch) return this.#pump();
    if (!this.#timer) this.#timer = setTimeout(() => this.#pump(), this.#opts.maxDelayMs);
  }

  #pump() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#inFlight < this.#opts.concurrency && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#opts.maxBatch);
      this.#metrics.answerQueueDepth.set(this.#queue.length);
      this.#inFlight++;
      void this.#flush(batch).finally(() => {
        this.#inFlight--;
        if (this.#queue.length > 0) this.#schedule();
        for (const r of this.#idle.splice(0)) r();
      });
    }
  }

  async #flush(batch: Pending[]) {
    // One row per (attempt, question): the highest seq wins; the others follow its outcome.
    const winners = new Map<string, Pending>();
    const losers: { p: Pending; winner: Pending }[] = [];
    for (const p of batch) {
      const key = `${p.input.attemptId}/${p.input.questionId}`;
      const w = winners.get(key);
      if (!w) winners.set(key, p);
      else if (p.input.seq > w.input.seq) {
        losers.push({ p: w, winner: p });
        winners.set(key, p);
      } else losers.push({ p, winner: w });
    }
    const rows = [...winners.values()]
      .map((p) => p.input)
      .sort((a, b) =>
        a.attemptId < b.attemptId
          ? -1
          : a.attemptId > b.attemptId
            ? 1
            : a.questionId < b.questionId
              ? -1
              : a.questionId > b.questionId
                ? 1
                : 0,
      )
      .map((i) => ({ a: i.attemptId, q: i.questionId, r: i.response, s: i.seq }));
    const started = performance.now();
    let result: Row[];
    try {
      result = await this.#write(JSON.stringify(rows));
    } catch (err) {
      this.#log.error({ err, batch: rows.length }, "answer batch failed");
      const refusal = new AppError("unavailable", "could not save the answer, retry");
      for (const p of batch) p.resolve({ kind: "refused", error: refusal });
      this.#metrics.answerAcks.labels("unavailable").inc(batch.length);
      return;
    }
    this.#metrics.flushMs.observe(performance.now() - started);
    this.#metrics.flushBatchSize.observe(rows.length);
    const outcomes = new Map<string, WriteOutcome>();
    for (const r of result) {
      const key = `${r.attempt_id}/${r.question_id}`;
      outcomes.set(key, outcomeOf(r, winners.get(key)?.input.seq ?? 0));
    }
    for (const [key, p] of winners) {
      const o = outcomes.get(key) ?? {
        kind: "refused",
        error: new AppError("not_found", "attempt not found"),
      };
      this.#metrics.answerAcks.labels(o.kind === "refused" ? o.error.code : o.kind).inc();
      p.resolve(o);
    }
    for (const { p, winner } of losers) {
      const o = outcomes.get(`${winner.input.attemptId}/${winner.input.questionId}`);
      const mine: WriteOutcome =
        !o || o.kind === "refused"
          ? (o ?? { kind: "refused", error: new AppError("not_found", "attempt not found") })
          : { kind: "stale", seq: o.seq };
      this.#metrics.answerAcks.labels(mine.kind === "refused" ? mine.error.code : mine.kind).inc();
      p.resolve(mine);
    }
  }

  async #write(payload: string, attempt = 1): Promise<Row[]> {
    try {
      return await this.#sql.unsafe<Row[]>(WRITE_SQL, [payload, GRACE_MS / 1000]);
    } catch (err) {
      // A deadlock (40P01) or serialization failure cannot leave a partial write: retry it.
      const code = (err as { code?: string }).code;
      if ((code === "40P01" || code === "40001") && attempt < 4) return this.#write(payload, attempt + 1);
      throw err;
    }
  }
}

function outcomeOf(r: Row, seq: number): WriteOutcome {
  if (r.saved_at) return { kind: "saved", seq, savedAt: r.saved_at.toISOString() };
  if (r.status === null) return { kind: "refused", error: new AppError("not_found", "attempt not found") };
  if (r.late)
    return { kind: "refused", error: new AppError("time_over", "the time for this attempt is over") };
  if (r.status === "lobby")
    return { kind: "refused", error: new AppError("paused", "the session has not started yet") };
  if (r.status !== "in_progress")
    return { kind: "refused", error: new AppError("attempt_closed", `the attempt is ${r.status}`) };
  if (r.paused) return { kind: "refused", error: new AppError("paused", "the session is paused") };
  return { kind: "stale", seq: r.stored_seq ?? 0 };
}

// $1: JSON array of {a, q, r, s} sorted by (a, q) and unique; $2: grace in seconds.
// `open` locks the attempts that may take answers; the final SELECT reads the pre-statement snapshot
// of answers/attempts, which is exactly what a refused or stale row needs to explain itself.
const WRITE_SQL = `
with input as (
  select * from jsonb_to_recordset($1::jsonb) as b(a uuid, q uuid, r jsonb, s integer)
),
open as (
  select id from attempts
  where id in (select distinct a from input)
    and status = 'in_progress' and paused_at is null
    and deadline_at + make_interval(secs => $2::float8) > now()
  order by id
  for share
),
up as (
  insert into answers as x (attempt_id, question_id, response, seq, saved_at)
  select i.a, i.q, i.r, i.s, clock_timestamp() from input i join open o on o.id = i.a
  order by i.a, i.q
  on conflict (attempt_id, question_id) do update
    set response = excluded.response, seq = excluded.seq, saved_at = excluded.saved_at
    where x.seq < excluded.seq
  returning x.attempt_id, x.question_id, x.saved_at
)
select i.a as attempt_id, i.q as question_id, up.saved_at,
  (select seq from answers y where y.attempt_id = i.a and y.question_id = i.q) as stored_seq,
  t.status, t.paused_at is not null as paused,
  (t.deadline_at is not null and t.deadline_at + make_interval(secs => $2::float8) <= now()) as late
from input i
left join up on up.attempt_id = i.a and up.question_id = i.q
left join attempts t on t.id = i.a
`;
