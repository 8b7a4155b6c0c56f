import type { SessionHistory } from "@imtihon/client-sdk/protocol";
import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { getSession } from "../catalogue/live-sessions.ts";
import { forbidden, notFound } from "../errors.ts";

/** The newest this many of each: a feed, not an archive (the stats page covers the rest). */
const LIMIT = 500;

/**
 * A session's integrity events and proctor messages, newest first, from the database: what the
 * proctor's page shows after a reload. Its proctor and admins only (`getSession` checks).
 */
export async function sessionHistory(
  db: Kysely<Database>,
  who: Principal,
  sessionId: string,
): Promise<SessionHistory> {
  await getSession(db, who, sessionId);
  const [integrity, messages] = await Promise.all([
    db
      .selectFrom("integrity_events as i")
      .innerJoin("attempts as a", "a.id", "i.attempt_id")
      .innerJoin("users as u", "u.id", "a.user_id")
      .select(["i.attempt_id", "u.full_name", "i.kind", "i.source", "i.at", "i.id"])
      .where("a.session_id", "=", sessionId)
      .orderBy("i.at", "desc")
      .orderBy("i.id", "desc")
      .limit(LIMIT)
      .execute(),
    db
      .selectFrom("proctor_actions as p")
      .leftJoin("attempts as a", "a.id", "p.attempt_id")
      .leftJoin("users as u", "u.id", "a.user_id")
      .select(["p.attempt_id", "u.full_name", "p.details", "p.at", "p.id"])
      .where("p.session_id", "=", sessionId)
      .where("p.action", "=", "message")
      .orderBy("p.at", "desc")
      .orderBy("p.id", "desc")
      .limit(LIMIT)
      .execute(),
  ]);
  return {
    integrity: integrity.map((r) => ({
      attemptId: r.attempt_id,
      fullName: r.full_name,
      kind: r.kind,
      source: r.source as "client" | "server",
      at: r.at.toISOString(),
    })),
    messages: messages.map((r) => ({
      attemptId: r.attempt_id,
      fullName: r.full_name,
      text: String((r.details as { text?: unknown } | null)?.text ?? ""),
      at: r.at.toISOString(),
    })),
  };
}

/**
 * The proctor messages a student was sent in a live attempt (to everyone, or to this attempt), oldest
 * first: the exam room shows them again after a reload. Its owner, the session's proctor, admins.
 */
export async function attemptMessages(
  db: Kysely<Database>,
  who: Principal,
  attemptId: string,
): Promise<{ text: string; at: string; toAll: boolean }[]> {
  const a = await db
    .selectFrom("attempts")
    .select(["user_id", "session_id"])
    .where("id", "=", attemptId)
    .executeTakeFirst();
  if (!a) throw notFound("attempt");
  if (a.user_id !== who.userId) {
    if (who.role === "student" || !a.session_id) throw forbidden("not your attempt");
    await getSession(db, who, a.session_id);
  }
  if (!a.session_id) return [];
  const rows = await db
    .selectFrom("proctor_actions")
    .select(["attempt_id", "details", "at"])
    .where("session_id", "=", a.session_id)
    .where("action", "=", "message")
    .where((eb) => eb.or([eb("attempt_id", "is", null), eb("attempt_id", "=", attemptId)]))
    .orderBy("at")
    .orderBy("id")
    .limit(LIMIT)
    .execute();
  return rows.map((r) => ({
    text: String((r.details as { text?: unknown } | null)?.text ?? ""),
    at: r.at.toISOString(),
    toAll: r.attempt_id === null,
  }));
}
