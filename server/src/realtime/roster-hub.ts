import { rooms, type RosterUpdate } from "@imtihon/client-sdk/protocol";
import { sql } from "kysely";
import type { AppContext } from "../context.ts";
import type { IoServer } from "./types.ts";

interface PendingSession {
  updates: Map<string, RosterUpdate>;
  countAnswers: Set<string>;
  countFlags: Set<string>;
}

/**
 * Collects roster changes on this node and sends them to the session's proctors (on every node,
 * through the adapter) as one `roster:update { updates }` per session per window. A 1,000-student
 * session then costs a proctor at most 1000/window updates in a handful of messages, not a flood.
 * Counts (answered, flags) are absolute, read in one grouped query per window.
 */
export class RosterHub {
  readonly #ctx: AppContext;
  readonly #io: IoServer;
  readonly #windowMs: number;
  readonly #pending = new Map<string, PendingSession>();
  #timer: NodeJS.Timeout | undefined;

  constructor(ctx: AppContext, io: IoServer, windowMs = 250) {
    this.#ctx = ctx;
    this.#io = io;
    this.#windowMs = windowMs;
  }

  update(
    sessionId: string | null,
    attemptId: string,
    fields: Omit<RosterUpdate, "attemptId">,
    recount: { answers?: boolean; flags?: boolean } = {},
  ): void {
    if (!sessionId) return;
    let p = this.#pending.get(sessionId);
    if (!p)
      this.#pending.set(
        sessionId,
        (p = { updates: new Map(), countAnswers: new Set(), countFlags: new Set() }),
      );
    const prev = p.updates.get(attemptId) ?? { attemptId };
    p.updates.set(attemptId, { ...prev, ...fields, lastSeenAt: new Date().toISOString() });
    if (recount.answers) p.countAnswers.add(attemptId);
    if (recount.flags) p.countFlags.add(attemptId);
    this.#timer ??= setTimeout(() => void this.flush(), this.#windowMs);
  }

  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    const sessions = [...this.#pending.entries()];
    this.#pending.clear();
    // `= any($1::uuid[])`, not `in ($1, …, $n)`: one statement whatever the batch size, so
    // pg_stat_statements keeps one entry instead of hundreds (seen in the exam-day runs).
    for (const [sessionId, p] of sessions) {
      try {
        if (p.countAnswers.size) {
          const rows = await this.#ctx.db
            .selectFrom("answers")
            .select(["attempt_id", (eb) => eb.fn.countAll<string>().as("n")])
            .where(sql<boolean>`attempt_id = any(${[...p.countAnswers]}::uuid[])`)
            .groupBy("attempt_id")
            .execute();
          for (const r of rows) p.updates.get(r.attempt_id)!.answered = Number(r.n);
        }
        if (p.countFlags.size) {
          const rows = await this.#ctx.db
            .selectFrom("integrity_events")
            .select(["attempt_id", (eb) => eb.fn.countAll<string>().as("n")])
            .where(sql<boolean>`attempt_id = any(${[...p.countFlags]}::uuid[])`)
            .groupBy("attempt_id")
            .execute();
          for (const r of rows) p.updates.get(r.attempt_id)!.flags = Number(r.n);
        }
      } catch (err) {
        this.#ctx.log.warn({ err: String(err), sessionId }, "roster counts failed; sending without them");
      }
      this.#io
        .to(rooms.sessionProctors(sessionId))
        .emit("roster:update", { sessionId, updates: [...p.updates.values()] });
    }
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
