import { rooms, type SessionView } from "@imtihon/client-sdk/protocol";
import type { Principal } from "../auth/principal.ts";
import type { AppContext } from "../context.ts";
import {
  endSession,
  extendAttempt,
  messageSession,
  pauseSession,
  resumeSession,
  rosterSnapshot,
  sessionFor,
  sessionView,
  startSession,
  terminateAttempt,
  type MovedAttempt,
} from "../exam/sessions.ts";
import { iso } from "../exam/views.ts";
import type { ExamRuntime } from "../exam/runtime.ts";
import { on } from "./handler.ts";
import type { LiveRooms } from "./live-rooms.ts";
import type { IoSocket } from "./types.ts";

/** The proctor's events: watch, start/pause/resume/end, extend, terminate, message. */
export function registerSessionHandlers(
  ctx: AppContext,
  runtime: ExamRuntime,
  live: LiveRooms,
  socket: IoSocket,
): void {
  const principal = (): Principal => ({
    userId: socket.data.userId,
    role: socket.data.role,
    tokenVersion: socket.data.tokenVersion,
    expiresAt: socket.data.expiresAt,
  });

  /** Tell students and proctors, on every node, that the session's clock changed. */
  const broadcast = (session: SessionView, moved: MovedAttempt[]) => {
    const serverNow = new Date().toISOString();
    live.io.to([rooms.sessionStudents(session.id), rooms.sessionProctors(session.id)]).emit("session:state", {
      sessionId: session.id,
      state: session.state,
      deadline: session.deadline ?? null,
    });
    live.announceMoved(session.id, serverNow, moved);
    for (const m of moved)
      live.roster.update(session.id, m.id, { status: m.status, deadline: iso(m.deadline) });
  };

  on(ctx, socket, "session:watch", async ({ sessionId }) => {
    const s = await sessionFor(ctx.db, principal(), sessionId);
    await socket.join(rooms.sessionProctors(sessionId));
    if (!socket.data.watching.includes(sessionId)) socket.data.watching.push(sessionId);
    const content = await runtime.content.get(s.exam_id);
    const [roster, sockets] = await Promise.all([
      rosterSnapshot(ctx, sessionId, content.questions.size),
      live.io.in(rooms.sessionStudents(sessionId)).fetchSockets(),
    ]);
    // Every tab on every node counts: an attempt is connected while any socket holds it.
    const connected = new Set(sockets.flatMap((x) => x.data.attempts ?? []));
    for (const e of roster) e.connected = connected.has(e.attemptId);
    return { session: sessionView(s), roster };
  });

  on(ctx, socket, "session:start", async ({ sessionId }) => {
    const { session, moved } = await startSession(ctx, runtime.content, principal(), sessionId);
    const view = sessionView(session);
    broadcast(view, moved);
    return { session: view };
  });

  on(ctx, socket, "session:pause", async ({ sessionId }) => {
    const { session, moved } = await pauseSession(ctx, principal(), sessionId);
    const view = sessionView(session);
    broadcast(view, moved);
    return { session: view };
  });

  on(ctx, socket, "session:resume", async ({ sessionId }) => {
    const { session, moved } = await resumeSession(ctx, principal(), sessionId);
    const view = sessionView(session);
    broadcast(view, moved);
    return { session: view };
  });

  on(ctx, socket, "session:end", async ({ sessionId }) => {
    const { session, closed } = await endSession(ctx, runtime.content, principal(), sessionId);
    const view = sessionView(session);
    broadcast(view, []);
    ctx.metrics.attemptsClosed.labels("submitted", "session_end").inc(closed.length);
    await live.announceClosed(closed);
    return { session: view };
  });

  on(ctx, socket, "attempt:extend", async ({ attemptId, seconds }) => {
    const row = await extendAttempt(ctx, principal(), attemptId, seconds);
    const deadline = iso(row.deadline_at);
    live.io.to(rooms.attempt(attemptId)).emit("attempt:time", {
      attemptId,
      deadline,
      serverNow: new Date().toISOString(),
      paused: row.paused_at !== null,
    });
    live.roster.update(row.session_id, attemptId, { deadline });
    return { deadline };
  });

  on(ctx, socket, "attempt:terminate", async ({ attemptId, reason }) => {
    const closed = await terminateAttempt(ctx, runtime.content, principal(), attemptId, reason);
    ctx.metrics.attemptsClosed.labels("terminated", "proctor").inc();
    await live.announceClosed([closed]);
    live.io
      .to(rooms.attempt(attemptId))
      .emit("proctor:message", { attemptId, text: reason, at: new Date().toISOString() });
    return {};
  });

  on(ctx, socket, "proctor:message", async ({ sessionId, attemptId, text }) => {
    const at = (await messageSession(ctx, principal(), sessionId, attemptId, text)).toISOString();
    if (attemptId) live.io.to(rooms.attempt(attemptId)).emit("proctor:message", { attemptId, text, at });
    else live.io.to(rooms.sessionStudents(sessionId)).emit("proctor:message", { text, at });
    return {};
  });
}
