import { z } from "zod";
import type { AckCallback } from "./ack.ts";
import {
  ATTEMPT_STATUSES,
  INTEGRITY_KINDS,
  SERVER_INTEGRITY_KINDS,
  SESSION_STATES,
  attemptViewSchema,
  resultSchema,
  responseSchema,
  rosterEntrySchema,
  sessionSchema,
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

const sessionAck = z.object({ session: sessionSchema });
/** An ack that carries nothing beside `ok: true`. */
const emptyAck = z.object({});

/**
 * zod schema of what each event's ack carries on success (beside `ok: true`), keyed by event name.
 * Clients may parse acks with them; the server's tests parse what it really sends.
 */
export const ackPayloads = {
  "attempt:start": z.object({ attempt: attemptViewSchema }),
  "answer:save": z.object({
    questionId: z.uuid(),
    seq: z.number().int(),
    savedAt: isoTime.optional(),
    /** The server holds a newer save of this question: nothing was written. */
    stale: z.literal(true).optional(),
  }),
  "attempt:submit": z.object({ status: z.enum(ATTEMPT_STATUSES), result: resultSchema.optional() }),
  "attempt:resume": z.object({ attempt: attemptViewSchema }),
  "time:sync": z.object({ serverNow: z.number() }),
  "integrity:report": emptyAck,
  "auth:refresh": z.object({ expiresAt: isoTime }),
  "session:watch": sessionAck.extend({ roster: z.array(rosterEntrySchema) }),
  "session:start": sessionAck,
  "session:pause": sessionAck,
  "session:resume": sessionAck,
  "session:end": sessionAck,
  "attempt:extend": z.object({ deadline: isoTime.nullable() }),
  "attempt:terminate": emptyAck,
  "proctor:message": emptyAck,
} as const satisfies Record<ClientEventName, z.ZodType>;

/** What each event's ack carries on success (beside `ok: true`). */
export type AckData = { [E in ClientEventName]: z.infer<(typeof ackPayloads)[E]> };

export type ClientToServerEvents = {
  [E in ClientEventName]: (payload: ClientPayload<E>, ack: AckCallback<AckData[E]>) => void;
};

export const attemptTimeEventSchema = z.object({
  attemptId: z.uuid(),
  deadline: isoTime.nullable(),
  serverNow: isoTime,
  paused: z.boolean(),
});
export type AttemptTimeEvent = z.infer<typeof attemptTimeEventSchema>;

export const attemptEndedEventSchema = z.object({
  attemptId: z.uuid(),
  status: z.enum(ATTEMPT_STATUSES),
  result: resultSchema.optional(),
});
export type AttemptEndedEvent = z.infer<typeof attemptEndedEventSchema>;

export const proctorMessageEventSchema = z.object({
  /** Absent: a message to the whole session. */
  attemptId: z.uuid().optional(),
  text: z.string(),
  at: isoTime,
});
export type ProctorMessageEvent = z.infer<typeof proctorMessageEventSchema>;

export const sessionStateEventSchema = z.object({
  sessionId: z.uuid(),
  state: z.enum(SESSION_STATES),
  deadline: isoTime.nullable(),
});
export type SessionStateEvent = z.infer<typeof sessionStateEventSchema>;

/** What changed of one roster entry (always named by its attempt). */
export const rosterUpdateSchema = rosterEntrySchema.partial().required({ attemptId: true });
export type RosterUpdate = z.infer<typeof rosterUpdateSchema>;

/** What the server sends: one session's coalesced changes (`sessionId` is an extension). */
export const rosterBatchSchema = z.object({
  sessionId: z.uuid().optional(),
  updates: z.array(rosterUpdateSchema),
});
export type RosterBatch = z.infer<typeof rosterBatchSchema>;

export const integrityEventSchema = z.object({
  attemptId: z.uuid(),
  kind: z.enum([...INTEGRITY_KINDS, ...SERVER_INTEGRITY_KINDS]),
  at: isoTime,
  userId: z.uuid().optional(),
  fullName: z.string().optional(),
});
export type IntegrityEvent = z.infer<typeof integrityEventSchema>;

/** zod schema of every server -> client payload, keyed by event name. */
export const serverPayloads = {
  "attempt:time": attemptTimeEventSchema,
  "attempt:ended": attemptEndedEventSchema,
  "proctor:message": proctorMessageEventSchema,
  "session:state": sessionStateEventSchema,
  "server:draining": z.object({ retryInMs: z.number().int().min(0) }),
  "auth:expired": z.object({ expiresAt: isoTime }),
  /** One update, or a coalesced batch of them. */
  "roster:update": z.union([rosterBatchSchema, rosterUpdateSchema]),
  "integrity:event": integrityEventSchema,
} as const;

export type ServerEventName = keyof typeof serverPayloads;
export type ServerPayload<E extends ServerEventName> = z.infer<(typeof serverPayloads)[E]>;
export type ServerToClientEvents = { [E in ServerEventName]: (e: ServerPayload<E>) => void };

/** Names of server -> client events, for code that needs them as values. */
export const SERVER_EVENTS = Object.keys(serverPayloads) as readonly ServerEventName[];

/** Rooms; the Redis adapter carries an emit to a room to every node. */
export const rooms = {
  attempt: (attemptId: string) => `attempt:${attemptId}`,
  user: (userId: string) => `user:${userId}`,
  sessionStudents: (sessionId: string) => `session:${sessionId}:students`,
  sessionProctors: (sessionId: string) => `session:${sessionId}:proctors`,
} as const;
