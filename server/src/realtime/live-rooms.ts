import { rooms } from "@imtihon/client-sdk/protocol";
import type { ClosedAttempt } from "../exam/finalize.ts";
import type { ExamRuntime } from "../exam/runtime.ts";
import { studentMaySeeScore, toResult } from "../exam/views.ts";
import type { RosterHub } from "./roster-hub.ts";
import type { IoServer, IoSocket } from "./types.ts";

/**
 * What every socket of this node shares to reach the others: the Socket.IO server (rooms span the
 * cluster through the adapter) and the proctors' roster hub. The exam runtime decides; this tells.
 */
export class LiveRooms {
  readonly io: IoServer;
  readonly roster: RosterHub;
  readonly #runtime: ExamRuntime;

  constructor(io: IoServer, roster: RosterHub, runtime: ExamRuntime) {
    this.io = io;
    this.roster = roster;
    this.#runtime = runtime;
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
