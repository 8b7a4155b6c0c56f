import { sql } from "kysely";
import type { Deps } from "../context.ts";

/** Absolute per-attempt counts for the proctor's roster, one grouped statement per kind and batch. */
export interface RosterCounts {
  /** Answers saved, by attempt (attempts with none are absent). */
  answered(attemptIds: string[]): Promise<Map<string, number>>;
  /** Integrity events recorded, by attempt (attempts with none are absent). */
  flags(attemptIds: string[]): Promise<Map<string, number>>;
}

export function rosterCounts(deps: Deps<"db">): RosterCounts {
  // `= any($1::uuid[])`, not `in ($1, …, $n)`: one statement whatever the batch size, so
  // pg_stat_statements keeps one entry instead of hundreds (seen in the exam-day runs).
  const countBy = async (table: "answers" | "integrity_events", ids: string[]) => {
    const rows = await deps.db
      .selectFrom(table)
      .select(["attempt_id", (eb) => eb.fn.countAll<string>().as("n")])
      .where(sql<boolean>`attempt_id = any(${ids}::uuid[])`)
      .groupBy("attempt_id")
      .execute();
    return new Map(rows.map((r) => [r.attempt_id, Number(r.n)]));
  };
  return { answered: (ids) => countBy("answers", ids), flags: (ids) => countBy("integrity_events", ids) };
}

/** The name a new roster entry shows (empty for a user who has gone). */
export async function studentName(deps: Deps<"db">, userId: string): Promise<string> {
  const user = await deps.db
    .selectFrom("users")
    .select("full_name")
    .where("id", "=", userId)
    .executeTakeFirst();
  return user?.full_name ?? "";
}
