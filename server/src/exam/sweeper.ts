import { sql } from "kysely";
import type { Deps } from "../context.ts";
import { GRACE_MS } from "./attempts.ts";
import type { ExamContentCache } from "./content.ts";
import { closeLockedAttempts, type ClosedAttempt } from "./finalize.ts";

const BATCH = 500;

/**
 * Closes every overdue attempt (deadline + grace passed, not paused) as `expired`, stamped at its
 * deadline, scored. Every node runs it; SKIP LOCKED hands each attempt to exactly one of them, and
 * the status check under the lock makes a second close impossible.
 */
export async function sweepOverdue(ctx: Deps<"db">, content: ExamContentCache): Promise<ClosedAttempt[]> {
  const closed: ClosedAttempt[] = [];
  for (;;) {
    const batch = await ctx.db.transaction().execute(async (trx) => {
      const due = await trx
        .selectFrom("attempts")
        .select(["id", "exam_id", "session_id", "user_id", "deadline_at"])
        .where("status", "=", "in_progress")
        .where("paused_at", "is", null)
        .where("deadline_at", "<", sql<Date>`now() - make_interval(secs => ${GRACE_MS / 1000})`)
        .orderBy("deadline_at")
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      return closeLockedAttempts(trx, content, due, "expired", "deadline");
    });
    closed.push(...batch);
    if (batch.length < BATCH) return closed;
  }
}

export interface SweeperHandle {
  stop(): Promise<void>;
  /** Runs a sweep now (tests, and after a deadline known to be near). */
  kick(): void;
}

export function startSweeper(
  ctx: Deps<"db" | "log" | "metrics">,
  content: ExamContentCache,
  onClosed: (closed: ClosedAttempt[]) => void,
  intervalMs = 1000,
): SweeperHandle {
  let stopped = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;
  const run = () => {
    if (stopped || running) return;
    running = sweepOverdue(ctx, content)
      .then((closed) => {
        if (closed.length) {
          ctx.metrics.attemptsClosed.labels("expired", "sweeper").inc(closed.length);
          onClosed(closed);
        }
      })
      .catch((err) => ctx.log.warn({ err: String(err) }, "sweep failed; will retry"))
      .finally(() => {
        running = undefined;
        ctx.metrics.sweeps.inc();
        // Jitter keeps the nodes of a cluster from sweeping in lockstep.
        if (!stopped) timer = setTimeout(run, intervalMs * (0.75 + Math.random() * 0.5));
      });
  };
  timer = setTimeout(run, intervalMs * Math.random());
  return {
    kick: () => {
      clearTimeout(timer);
      run();
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
