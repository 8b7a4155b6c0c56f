import { rooms, type RosterUpdate } from "@imtihon/client-sdk/protocol";
import type { RosterCounts } from "../exam/roster.ts";
import type { Logger } from "../infra/logger.ts";
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
  readonly #io: IoServer;
  readonly #counts: RosterCounts;
  readonly #log: Logger;
  readonly #windowMs: number;
  readonly #pending = new Map<string, PendingSession>();
  #timer: NodeJS.Timeout | undefined;

  constructor(io: IoServer, counts: RosterCounts, log: Logger, windowMs = 250) {
    this.#io = io;
    this.#counts = counts;
    this.#log = log;
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
    for (const [sessionId, p] of sessions) {
      try {
        if (p.countAnswers.size)
          for (const [id, n] of await this.#counts.answered([...p.countAnswers]))
            p.updates.get(id)!.answered = n;
        if (p.countFlags.size)
          for (const [id, n] of await this.#counts.flags([...p.countFlags])) p.updates.get(id)!.flags = n;
      } catch (err) {
        this.#log.warn({ err: String(err), sessionId }, "roster counts failed; sending without them");
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
