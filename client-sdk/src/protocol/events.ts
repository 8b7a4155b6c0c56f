import { z } from "zod";
import type { AckCallback } from "./ack.ts";
import {
  INTEGRITY_KINDS,
  responseSchema,
  type AttemptStatus,
  type AttemptView,
  type IntegrityKind,
  type Result,
  type RosterEntry,
  type ServerIntegrityKind,
  type SessionState,
  type SessionView,
} from "./models.ts";

// A UUID is case-insensitive: normalised once here so every lookup and comparison sees lower case.
const id = z.uuid().overwrite((s) => s.toLowerCase());
const isoTime = z.iso.datetime({ offset: true });

/** zod schema of every client -> server payload, keyed by event name. Unknown fields are refused. */
export const clientPayloads = {
  "attempt:start": z.union([z.strictObject({ examId: id }), z.strictObject({ sessionId: id })]),
  "answer:save": z.strictObject({
    attemptId: id,
    questionId: id,
    response: responseSchema,
    seq: z.number().int().min(0).max(2_147_483_647),
  }),
  "attempt:submit": z.strictObject({ attemptId: id }),
  /** Extension: rejoin one known attempt after a reconnect, never starting a new one. */
  "attempt:resume": z.strictObject({ attemptId: id }),
  "time:sync": z.strictObject({ clientNow: z.number().finite() }),
  "integrity:report": z.strictObject({ attemptId: id, kind: z.enum(INTEGRITY_KINDS), at: isoTime }),
  "auth:refresh": z.strictObject({ token: z.string().min(1).max(4096) }),
  "session:watch": z.strictObject({ sessionId: id }),
  "session:start": z.strictObject({ sessionId: id }),
  "session:pause": z.strictObject({ sessionId: id }),
  "session:resume": z.strictObject({ sessionId: id }),
  "session:end": z.strictObject({ sessionId: id }),
  "attempt:extend": z.strictObject({
    attemptId: id,
    seconds: z
      .number()
      .int()
      .min(1)
      .max(6 * 3600),
  }),
  "attempt:terminate": z.strictObject({ attemptId: id, reason: z.string().trim().min(1).max(500) }),
  "proctor:message": z.strictObject({
    sessionId: id,
    attemptId: id.optional(),
    text: z.string().trim().min(1).max(1000),
  }),
} as const;

export type ClientEventName = keyof typeof clientPayloads;
export type ClientPayload<E extends ClientEventName> = z.infer<(typeof clientPayloads)[E]>;

/** What each event's ack carries on success (beside `ok: true`). */
export interface AckData {
  "attempt:start": { attempt: AttemptView };
  "answer:save": { questionId: string; seq: number; savedAt?: string; stale?: true };
  "attempt:submit": { status: AttemptStatus; result?: Result };
  "attempt:resume": { attempt: AttemptView };
  "time:sync": { serverNow: number };
  "integrity:report": object;
  "auth:refresh": { expiresAt: string };
  "session:watch": { session: SessionView; roster: RosterEntry[] };
  "session:start": { session: SessionView };
  "session:pause": { session: SessionView };
  "session:resume": { session: SessionView };
  "session:end": { session: SessionView };
  "attempt:extend": { deadline: string | null };
  "attempt:terminate": object;
  "proctor:message": object;
}

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientPayload<E>, ack: AckCallback<AckData[E]>) => void;
};

export interface AttemptTimeEvent {
  attemptId: string;
  deadline: string | null;
  serverNow: string;
  paused: boolean;
}
export interface AttemptEndedEvent {
  attemptId: string;
  status: AttemptStatus;
  result?: Result;
}
export interface ProctorMessageEvent {
  attemptId?: string;
  text: string;
  at: string;
}
export interface SessionStateEvent {
  sessionId: string;
  state: SessionState;
  deadline: string | null;
}
export type RosterUpdate = Partial<RosterEntry> & { attemptId: string };
/** What the server sends: one session's coalesced changes (`sessionId` is an extension). */
export interface RosterBatch {
  sessionId?: string;
  updates: RosterUpdate[];
}
export interface IntegrityEvent {
  attemptId: string;
  kind: IntegrityKind | ServerIntegrityKind;
  at: string;
  userId?: string;
  fullName?: string;
}

export interface ServerToClientEvents {
  "attempt:time": (e: AttemptTimeEvent) => void;
  "attempt:ended": (e: AttemptEndedEvent) => void;
  "proctor:message": (e: ProctorMessageEvent) => void;
  "session:state": (e: SessionStateEvent) => void;
  "server:draining": (e: { retryInMs: number }) => void;
  "auth:expired": (e: { expiresAt: string }) => void;
  /** One update, or a coalesced batch of them. */
  "roster:update": (e: RosterUpdate | RosterBatch) => void;
  "integrity:event": (e: IntegrityEvent) => void;
}

/** Names of server -> client events, for code that needs them as values. */
export const SERVER_EVENTS = [
  "attempt:time",
  "attempt:ended",
  "proctor:message",
  "session:state",
  "server:draining",
  "auth:expired",
  "roster:update",
  "integrity:event",
] as const satisfies readonly (keyof ServerToClientEvents)[];

/** Rooms; the Redis adapter carries an emit to a room to every node. */
export const rooms = {
  attempt: (attemptId: string) => `attempt:${attemptId}`,
  user: (userId: string) => `user:${userId}`,
  sessionStudents: (sessionId: string) => `session:${sessionId}:students`,
  sessionProctors: (sessionId: string) => `session:${sessionId}:proctors`,
} as const;
