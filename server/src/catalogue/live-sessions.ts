import type { SessionView } from "@imtihon/client-sdk/protocol";
import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { AppError, forbidden, notFound } from "../errors.ts";
import { sessionView as toSession } from "../exam/sessions.ts";

/** A live session in its lobby, owned by the caller; only a published live exam can have one. */
export async function createSession(
  db: Kysely<Database>,
  proctorId: string,
  examId: string,
): Promise<SessionView> {
  const exam = await db
    .selectFrom("exams")
    .select(["status", "mode"])
    .where("id", "=", examId)
    .executeTakeFirst();
  if (!exam) throw notFound("exam");
  // `details.reason` lets a client say which (the web console words each one).
  if (exam.status !== "published")
    throw new AppError("conflict", "the exam is not published", { reason: "not_published" });
  if (exam.mode !== "live")
    throw new AppError("conflict", "the exam is self-paced: live sessions need a live exam", {
      reason: "not_live",
    });
  const row = await db
    .insertInto("live_sessions")
    .values({
      exam_id: examId,
      proctor_id: proctorId,
      started_at: null,
      paused_at: null,
      ended_at: null,
      deadline_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSession(row);
}

/** Its proctor and admins see a session; anyone else is `forbidden`. */
export async function getSession(
  db: Kysely<Database>,
  who: Principal,
  sessionId: string,
): Promise<SessionView> {
  const row = await db.selectFrom("live_sessions").selectAll().where("id", "=", sessionId).executeTakeFirst();
  if (!row) throw notFound("session");
  if (who.role !== "admin" && row.proctor_id !== who.userId) throw forbidden("not your session");
  return toSession(row);
}

/** The caller's sessions (all of them for an admin), newest first. */
export async function listSessions(db: Kysely<Database>, who: Principal): Promise<SessionView[]> {
  let q = db.selectFrom("live_sessions").selectAll();
  if (who.role !== "admin") q = q.where("proctor_id", "=", who.userId);
  const rows = await q.orderBy("created_at", "desc").orderBy("id").limit(500).execute();
  return rows.map(toSession);
}
