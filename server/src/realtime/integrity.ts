import { rooms, type IntegrityKind } from "@imtihon/client-sdk/protocol";
import type { AppContext } from "../context.ts";
import {
  connectionSignals,
  storeClientReport,
  storeIntegrityEvent,
  type StoredIntegrityEvent,
} from "../exam/integrity.ts";
import type { LiveRooms } from "./live-rooms.ts";
import type { IoSocket } from "./types.ts";

/** Forwards a stored integrity event to the session's proctors on every node. */
function tellProctors(
  live: LiveRooms,
  sessionId: string,
  e: Pick<StoredIntegrityEvent, "attemptId" | "kind" | "at">,
) {
  live.io
    .to(rooms.sessionProctors(sessionId))
    .emit("integrity:event", { attemptId: e.attemptId, kind: e.kind, at: e.at.toISOString() });
  live.roster.update(sessionId, e.attemptId, {}, { flags: true });
}

/** `integrity:report` from the student's client: stored while the attempt is open (else `attempt_closed`). */
export async function recordClientReport(
  ctx: AppContext,
  live: LiveRooms,
  attempt: { id: string; session_id: string | null },
  kind: IntegrityKind,
  at: string,
): Promise<void> {
  const when = await storeClientReport(ctx, attempt.id, kind, at);
  if (attempt.session_id) tellProctors(live, attempt.session_id, { attemptId: attempt.id, kind, at: when });
}

/**
 * When a socket takes up a live attempt: counts the attempt's connections across the cluster, asks
 * the domain which signals that makes (two connections, a changed address, frequent reconnects),
 * stores each and tells the proctors.
 */
export async function watchConnection(
  ctx: AppContext,
  live: LiveRooms,
  socket: IoSocket,
  attemptId: string,
  sessionId: string,
  fresh = false,
): Promise<void> {
  try {
    const now = new Date();
    // An attempt this very join created has no other connection yet: a lobby-join storm then skips
    // the cluster-wide fetchSockets (a request to, and an answer from, every node).
    const connections = fresh ? 1 : (await live.io.in(rooms.attempt(attemptId)).fetchSockets()).length;
    const signals = await connectionSignals(ctx, attemptId, { ip: socket.data.ip, connections, now, fresh });
    for (const s of signals) {
      const event = { attemptId, source: "server" as const, at: now, ...s };
      await storeIntegrityEvent(ctx, event);
      tellProctors(live, sessionId, event);
    }
  } catch (err) {
    ctx.log.warn({ err: String(err), attemptId }, "integrity watch failed");
  }
}
