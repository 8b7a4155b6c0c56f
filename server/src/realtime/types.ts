import type { ClientToServerEvents, Role, ServerToClientEvents } from "@imtihon/client-sdk/protocol";
import type { Server, Socket } from "socket.io";

export interface SocketData {
  userId: string;
  role: Role;
  tokenVersion: number;
  expiresAt: number;
  ip: string;
  /**
   * Attempts this socket has started or resumed (their rooms it has joined). Arrays, not Sets:
   * socket data crosses nodes through the adapter in fetchSockets(), and a Set does not serialize.
   */
  attempts: string[];
  watching: string[];
}

// Cross-node server-side events (serverSideEmit).
export interface InterServerEvents {
  /** A user was disabled or changed their password: drop the cached token version. */
  "user:revoked": (userId: string) => void;
  /** A session's clock moved for these attempts: each node tells its own sockets (live-rooms.ts). */
  "attempts:moved": (moved: MovedBatch) => void;
  /** An exam was closed now or unpublished: drop its cached content. */
  "exam:changed": (examId: string) => void;
}

/**
 * Attempts of one session whose deadline changed, grouped by (deadline, paused): a start storm
 * of 20,000 students is one group, so one cluster message instead of 20,000 room broadcasts.
 */
export interface MovedBatch {
  sessionId: string;
  serverNow: string;
  groups: { deadline: string | null; paused: boolean; ids: string[] }[];
}

export type IoServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type IoSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
