import { rooms, type IntegrityKind, type ServerIntegrityKind } from "@imtihon/client-sdk/protocol";
import type { AppContext } from "../context.ts";
import { AppError } from "../errors.ts";
import type { ExamRuntime } from "./runtime.ts";
import type { IoSocket } from "./types.ts";

/** Stores an integrity event and forwards it to the session's proctors on every node. */
export async function recordIntegrity(
  ctx: AppContext,
  runtime: ExamRuntime,
  attemptId: string,
  sessionId: string | null,
  kind: IntegrityKind | ServerIntegrityKind,
  source: "client" | "server",
  at: Date,
  details?: Record<string, unknown>,
): Promise<void> {
  await ctx.db
    .insertInto("integrity_events")
    .values({ attempt_id: attemptId, kind, source, at, details: details ? JSON.stringify(details) : null })
    .execute();
  if (!sessionId) return;
  runtime.io
    .to(rooms.sessionProctors(sessionId))
    .emit("integrity:event", { attemptId, kind, at: at.toISOString() });
  runtime.roster.update(sessionId, attemptId, {}, { flags: true });
}

/**
 * `integrity:report` from the student's client: stored only while the attempt is open (one statement,
 * so an attempt closing meanwhile cannot slip a report in after its end); a closed attempt answers
 * `attempt_closed`. A client clock may be wrong or hostile: its time is kept but never beyond now.
 */
export async function recordClientReport(
  ctx: AppContext,
  runtime: ExamRuntime,
  attempt: { id: string; session_id: string | null },
  kind: IntegrityKind,
  at: string,
): Promise<void> {
  const when = new Date(Math.min(Date.parse(at), Date.now()));
  const stored = await ctx.db
    .insertInto("integrity_events")
    .columns(["attempt_id", "kind", "source", "at", "details"])
    .expression((eb) =>
      eb
        .selectFrom("attempts")
        .select([
          "id",
          eb.val(kind).as("kind"),
          eb.val("client" as const).as("source"),
          eb.val(when).as("at"),
          eb.val(null).as("details"),
        ])
        .where("id", "=", attempt.id)
        .where("status", "in", ["lobby", "in_progress"]),
    )
    .returning("id")
    .executeTakeFirst();
  if (!stored) throw new AppError("attempt_closed", "the attempt has ended: nothing more is recorded");
  if (!attempt.session_id) return;
  runtime.io
    .to(rooms.sessionProctors(attempt.session_id))
    .emit("integrity:event", { attemptId: attempt.id, kind, at: when.toISOString() });
  runtime.roster.update(attempt.session_id, attempt.id, {}, { flags: true });
}

const RECONNECT_WINDOW_S = 120;
const RECONNECT_LIMIT = 5;

/**
 * Signals the server sees by itself when a socket takes up a live attempt: the same attempt open on
 * two connections at once, a changed IP address, repeated reconnects in a short time.
 */
export async function watchConnection(
  ctx: AppContext,
  runtime: ExamRuntime,
  socket: IoSocket,
  attemptId: string,
  sessionId: string,
  fresh = false,
): Promise<void> {
  try {
    const now = new Date();
    const ipKey = `${ctx.config.redisPrefix}:ip:${attemptId}`;
    const countKey = `${ctx.config.redisPrefix}:joins:${attemptId}:${Math.floor(now.getTime() / (RECONNECT_WINDOW_S * 1000))}`;
    if (fresh) {
      // The attempt was created by this very join: no other connection, address or earlier join
      // can exist yet. A lobby-join storm then costs two cache writes per student, not a
      // cluster-wide fetchSockets (a request to, and an answer from, every node) and four round trips.
      await Promise.all([
        ctx.cache.set(ipKey, socket.data.ip, 6 * 3600),
        ctx.cache.set(countKey, "1", RECONNECT_WINDOW_S),
      ]);
      return;
    }
    const sockets = await runtime.io.in(rooms.attempt(attemptId)).fetchSockets();
    if (sockets.length > 1) {
      await recordIntegrity(ctx, runtime, attemptId, sessionId, "multiple_connections", "server", now, {
        connections: sockets.length,
      });
    }
    const lastIp = await ctx.cache.get(ipKey);
    await ctx.cache.set(ipKey, socket.data.ip, 6 * 3600);
    if (lastIp && lastIp !== socket.data.ip) {
      await recordIntegrity(ctx, runtime, attemptId, sessionId, "ip_changed", "server", now, {
        from: lastIp,
        to: socket.data.ip,
      });
    }
    const joins = Number((await ctx.cache.get(countKey)) ?? "0") + 1;
    await ctx.cache.set(countKey, String(joins), RECONNECT_WINDOW_S);
    if (joins === RECONNECT_LIMIT + 1) {
      await recordIntegrity(ctx, runtime, attemptId, sessionId, "frequent_reconnects", "server", now, {
        joins,
      });
    }
  } catch (err) {
    ctx.log.warn({ err: String(err), attemptId }, "integrity watch failed");
  }
}
