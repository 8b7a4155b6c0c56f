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

/** What a save resolves to; every other outcome rejects with an `AppError` saying why. */
export type WriteOutcome = { kind: "saved"; seq: number; savedAt: string } | { kind: "stale"; seq: number };

interface Pending {
  input: AnswerInput;
  resolve: (o: WriteOutcome) => void;
  reject: (e: AppError) => void;
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
  /** Position of the row in the batch (1-based), so results never depend on how an id is spelled. */
  n: string;
  saved_at: Date | null;
  status: string | null;
  paused: boolean | null;
  late: boolean | null;
}

/**
 * The answer hot path. Saves are queued per node and written as ONE statement per batch: the batch
 * is deduplicated and sorted by (attempt, question) so concurrent batches never deadlock; the open
 * attempts are locked FOR SHARE (so the sweeper cannot score an attempt while its answers are being
 * written); only rows whose stored seq is older change. Each waiting ack settles after COMMIT:
 * saved or stale (with the stored seq) resolve, every refusal rejects with its `AppError`.
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
    return new Promise<WriteOutcome>((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
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
    // Ids are lower-cased here too, so two spellings of one UUID can never make two rows.
    const winners = new Map<string, Pending>();
    const losers: { p: Pending; winner: Pending }[] = [];
    for (const p of batch) {
      const key = `${p.input.attemptId.toLowerCase()}/${p.input.questionId.toLowerCase()}`;
      const w = winners.get(key);
      if (!w) winners.set(key, p);
      else if (p.input.seq > w.input.seq) {
        losers.push({ p: w, winner: p });
        winners.set(key, p);
      } else losers.push({ p, winner: w });
    }
    // Sorted by (attempt, question) as lower-case text, which is also Postgres' uuid order.
    const keys = [...winners.keys()].sort();
    const ordered = keys.map((k) => winners.get(k)!);
    const rows = ordered.map((p, i) => {
      const [a, q] = keys[i]!.split("/");
      return { a: a!, q: q!, r: p.input.response, s: p.input.seq };
    });
    const started = performance.now();
    const outcomes = new Map<Pending, WriteOutcome | AppError>();
    try {
      const payload = JSON.stringify(rows);
      const result = await this.#write(WRITE_SQL, [payload, GRACE_MS / 1000]);
      const stale: number[] = [];
      for (const r of result) {
        const i = Number(r.n) - 1;
        const o = outcomeOf(r, ordered[i]!.input.seq);
        if (o === "stale") stale.push(i);
        else outcomes.set(ordered[i]!, o);
      }
      if (stale.length) await this.#storedSeqs(rows, stale, ordered, outcomes);
    } catch (err) {
      this.#log.error({ err, batch: rows.length }, "answer batch failed");
      const refusal = new AppError("unavailable", "could not save the answer, retry");
      for (const p of batch) p.reject(refusal);
      this.#metrics.answerAcks.labels("unavailable").inc(batch.length);
      return;
    }
    this.#metrics.flushMs.observe(performance.now() - started);
    this.#metrics.flushBatchSize.observe(rows.length);
    const settle = (p: Pending, o: WriteOutcome | AppError | undefined) => {
      const outcome = o ?? new AppError("unavailable", "could not save the answer, retry");
      if (outcome instanceof AppError) {
        this.#metrics.answerAcks.labels(outcome.code).inc();
        p.reject(outcome);
      } else {
        this.#metrics.answerAcks.labels(outcome.kind).inc();
        p.resolve(outcome);
      }
    };
    for (const p of ordered) settle(p, outcomes.get(p));
    for (const { p, winner } of losers) {
      const o = outcomes.get(winner);
      settle(p, o === undefined || o instanceof AppError ? o : { kind: "stale", seq: o.seq });
    }
  }

  /**
   * A row the upsert left alone holds an equal or newer seq. It may have been committed by another
   * batch after this statement's snapshot, so its seq is read afresh, by primary key (rare path).
   */
  async #storedSeqs(
    rows: { a: string; q: string }[],
    stale: number[],
    ordered: Pending[],
    outcomes: Map<Pending, WriteOutcome | AppError>,
  ) {
    const payload = JSON.stringify(stale.map((i) => ({ a: rows[i]!.a, q: rows[i]!.q, i })));
    const found = await this.#sql.unsafe<{ i: number; seq: number }[]>(STORED_SQL, [payload], {
      prepare: true,
    });
    for (const f of found) outcomes.set(ordered[f.i]!, { kind: "stale", seq: f.seq });
  }

  async #write(query: string, params: (string | number)[], attempt = 1): Promise<Row[]> {
    try {
      return await this.#sql.unsafe<Row[]>(query, params, { prepare: true });
    } catch (err) {
      // A deadlock (40P01) or serialization failure cannot leave a partial write: retry it.
      const code = (err as { code?: string }).code;
      if ((code === "40P01" || code === "40001") && attempt < 4)
        return this.#write(query, params, attempt + 1);
      throw err;
    }
  }
}

/** The row's outcome from the attempt as it stood once locked; `stale` still needs its stored seq. */
function outcomeOf(r: Row, seq: number): WriteOutcome | AppError | "stale" {
  if (r.saved_at) return { kind: "saved", seq, savedAt: r.saved_at.toISOString() };
  if (r.status === null) return new AppError("not_found", "attempt not found");
  if (r.status === "lobby") return new AppError("paused", "the session has not started yet");
  // A paused clock is stopped: its deadline moves on resume, so it is not "late" meanwhile.
  if (r.status === "in_progress" && r.paused) return new AppError("paused", "the session is paused");
  if (r.late) return new AppError("time_over", "the time for this attempt is over");
  if (r.status !== "in_progress") return new AppError("attempt_closed", `the attempt is ${r.status}`);
  return "stale";
}

// $1: JSON array of {a, q, r, s} sorted by (a, q) and unique; $2: grace in seconds.
// `locked` takes every attempt of the batch by primary key (`= any(array(...))` cannot be planned as
// a scan of all open attempts) FOR SHARE, in id order. Waiting for a submit, the sweeper or a session
// change, it returns the row as that left it, so `open` and the final explanation both see the
// attempt's state after the lock, never the statement's older snapshot. Results carry the input's
// position `n`, not its ids.
const WRITE_SQL = `
with input as (
  select * from rows from (jsonb_to_recordset($1::jsonb) as (a uuid, q uuid, r jsonb, s integer))
    with ordinality as b(a, q, r, s, n)
),
locked as (
  select id, status, paused_at, deadline_at from attempts
  where id = any(array(select distinct a from input))
  order by id
  for share
),
open as (
  select id from locked
  where status = 'in_progress' and paused_at is null
    and deadline_at + make_interval(secs => $2::float8) > now()
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
select i.n, up.saved_at, t.status, t.paused_at is not null as paused,
  (t.deadline_at is not null and t.deadline_at + make_interval(secs => $2::float8) <= now()) as late
from input i
left join up on up.attempt_id = i.a and up.question_id = i.q
left join locked t on t.id = i.a
`;

// $1: JSON array of {a, q, i}: the stored seq of each, by primary key, in a fresh snapshot.
const STORED_SQL = `
select b.i, x.seq
from jsonb_to_recordset($1::jsonb) as b(a uuid, q uuid, i integer)
join answers x on x.attempt_id = b.a and x.question_id = b.q
`;
