import { rooms } from "@imtihon/client-sdk/protocol";
import type { ClosedAttempt } from "../exam/finalize.ts";
import type { MovedAttempt } from "../exam/sessions.ts";
import type { ExamRuntime } from "../exam/runtime.ts";
import { studentMaySeeScore, toResult } from "../exam/views.ts";
import type { RosterHub } from "./roster-hub.ts";
import type { IoServer, IoSocket, MovedBatch } from "./types.ts";

/**
 * What every socket of this node shares to reach the others: the Socket.IO server (rooms span the
 * cluster through the adapter) and the proctors' roster hub. The exam runtime decides; this tells.
 */
export class LiveRooms {
  readonly io: IoServer;
  readonly roster: RosterHub;
  readonly #runtime: ExamRuntime;
  readonly #clustered: boolean;

  /** `clustered`: the adapter spans nodes (Redis), so cluster messages have somewhere to go. */
  constructor(io: IoServer, roster: RosterHub, runtime: ExamRuntime, clustered: boolean) {
    this.io = io;
    this.roster = roster;
    this.#runtime = runtime;
    this.#clustered = clustered;
    io.on("attempts:moved", (batch) => this.#deliverMoved(batch));
  }

  /**
   * Sends `attempt:time` to every tab of every moved attempt, on every node. One cluster message
   * per call (grouped by deadline), then each node walks its own sockets of the session: a start
   * storm no longer costs one adapter broadcast (a Redis publish and a room lookup on every node)
   * per student — the 20,000-student session:start spent ~2 of its 3 s on those (docs/performance.md).
   */
  announceMoved(sessionId: string, serverNow: string, moved: MovedAttempt[]): void {
    if (moved.length === 0) return;
    const groups = new Map<string, MovedBatch["groups"][number]>();
    for (const m of moved) {
      const deadline = m.deadline ? m.deadline.toISOString() : null;
      const key = `${deadline}/${m.paused}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { deadline, paused: m.paused, ids: [] }));
      g.ids.push(m.id);
    }
    const batch: MovedBatch = { sessionId, serverNow, groups: [...groups.values()] };
    if (this.#clustered) this.io.serverSideEmit("attempts:moved", batch);
    this.#deliverMoved(batch);
  }

  /** This node's part of announceMoved: its sockets in the session's student room. */
  #deliverMoved(batch: MovedBatch): void {
    const sockets = this.io.of("/").sockets;
    const ids = this.io.of("/").adapter.rooms.get(rooms.sessionStudents(batch.sessionId));
    if (!ids?.size) return;
    const byAttempt = new Map<string, MovedBatch["groups"][number]>();
    for (const g of batch.groups) for (const id of g.ids) byAttempt.set(id, g);
    for (const socketId of ids) {
      const socket = sockets.get(socketId);
      if (!socket) continue;
      for (const attemptId of socket.data.attempts) {
        const g = byAttempt.get(attemptId);
        if (g)
          socket.emit("attempt:time", {
            attemptId,
            deadline: g.deadline,
            serverNow: batch.serverNow,
            paused: g.paused,
          });
      }
    }
  }

  /** Tells the students (every tab, every node) and the proctors that attempts ended. */
  async announceClosed(closed: ClosedAttempt[]): Promise<void> {
    for (const c of closed) {
      let showScore: boolean;
      try {
        showScore = studentMaySeeScore((await this.#runtime.content.get(c.examId)).review);
      } catch {
        showScore = false;
      }
      this.io.to(rooms.attempt(c.attemptId)).emit("attempt:ended", {
        attemptId: c.attemptId,
        status: c.status,
        ...(showScore ? { result: toResult(c) } : {}),
      });
      this.roster.update(c.sessionId, c.attemptId, { status: c.status });
    }
  }

  onDisconnect(socket: IoSocket): void {
    for (const attemptId of socket.data.attempts) {
      const info = this.#runtime.known(attemptId);
      if (!info?.sessionId) continue;
      const sessionId = info.sessionId;
      // Another tab on any node may still hold the attempt: ask the cluster before saying "gone".
      this.io
        .in(rooms.attempt(attemptId))
        .fetchSockets()
        .then((left) => this.roster.update(sessionId, attemptId, { connected: left.length > 0 }))
        .catch(() => this.roster.update(sessionId, attemptId, { connected: false }));
    }
  }
}
