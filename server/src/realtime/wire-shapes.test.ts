import {
  ackPayloads,
  SERVER_EVENTS,
  serverPayloads,
  type ClientEventName,
  type ServerEventName,
} from "@imtihon/client-sdk/protocol";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { createTokenService } from "../auth/tokens.ts";
import {
  call,
  connectRaw,
  createExam,
  createSession,
  createUser,
  type ExamFixture,
  next,
  type RawSocket,
  startTestServer,
  TEST_JWT_SECRET,
  type TestServer,
  type TestUser,
} from "@imtihon/testing";

/**
 * The protocol's zod schemas of acks and server events are the contract: every payload the server
 * really sends in a whole live session (every client event acked, every server event emitted) must
 * parse with them, and parse to itself, so no field is sent that the schema does not declare.
 */
describe("socket payloads on the wire match the protocol's schemas", () => {
  let server: TestServer;
  let exam: ExamFixture;
  let proctor: TestUser;
  const sockets: RawSocket[] = [];
  const events: { event: string; payload: unknown }[] = [];
  const acks: { event: ClientEventName; data: unknown }[] = [];

  beforeAll(async () => {
    server = await startTestServer({ sweepIntervalMs: 60_000 });
    exam = await createExam(server.ctx.db, {
      mode: "live",
      durationSeconds: 1200,
      review: "score",
      sections: [{ title: "A", count: 3, points: 100 }],
    });
    proctor = await createUser(server.ctx.db, "proctor");
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await server?.stop();
  });

  async function socket(token: string) {
    const s = await connectRaw(server.url, token);
    s.onAny((event: string, payload: unknown) => events.push({ event, payload }));
    sockets.push(s);
    return s;
  }

  /** A client event that must succeed; its ack data is kept for the check at the end. */
  async function ok<E extends ClientEventName>(s: RawSocket, event: E, payload: unknown) {
    const ack = await call(s, event, payload);
    if (!ack.ok) throw new Error(`${event}: ${ack.error.code} ${ack.error.message}`);
    const { ok: _ok, ...data } = ack;
    acks.push({ event, data });
    return data;
  }

  test("a whole live session: every ack and every server event parses", async () => {
    const sessionId = await createSession(server.ctx.db, exam.id, proctor.id);
    const [u1, u2] = [await createUser(server.ctx.db), await createUser(server.ctx.db)];
    const p = await socket(proctor.token);
    const s1 = await socket(u1.token);
    const s2 = await socket(u2.token);

    await ok(p, "session:watch", { sessionId });
    const a1 = (await ok(s1, "attempt:start", { sessionId })).attempt;
    const a2 = (await ok(s2, "attempt:start", { sessionId })).attempt;
    await next(p, "roster:update", (e) => "updates" in e && e.updates.some((u) => u.attemptId === a2.id));

    const running = [next(s1, "attempt:time"), next(s1, "session:state", (e) => e.state === "running")];
    await ok(p, "session:start", { sessionId });
    await Promise.all(running);

    const [q1] = exam.questions;
    await ok(s1, "answer:save", {
      attemptId: a1.id,
      questionId: q1!.id,
      response: { choice: q1!.correct },
      seq: 2,
    });
    const stale = await ok(s1, "answer:save", {
      attemptId: a1.id,
      questionId: q1!.id,
      response: { choice: q1!.wrong },
      seq: 1,
    });
    expect(stale.stale).toBe(true);
    await ok(s1, "time:sync", { clientNow: Date.now() });
    const reported = next(p, "integrity:event", (e) => e.kind === "copy");
    await ok(s1, "integrity:report", { attemptId: a1.id, kind: "copy", at: new Date().toISOString() });
    await reported;
    // The same attempt on a second connection: a signal the server raises by itself.
    const twice = next(p, "integrity:event", (e) => e.kind === "multiple_connections");
    await ok(await socket(u2.token), "attempt:resume", { attemptId: a2.id });
    await twice;

    const paused = next(s1, "attempt:time", (e) => e.paused);
    await ok(p, "session:pause", { sessionId });
    await paused;
    await ok(p, "session:resume", { sessionId });
    await ok(p, "attempt:extend", { attemptId: a1.id, seconds: 60 });
    const toOne = next(s1, "proctor:message", (e) => e.attemptId === a1.id);
    await ok(p, "proctor:message", { sessionId, attemptId: a1.id, text: "bir" });
    await toOne;
    const toAll = next(s1, "proctor:message", (e) => e.attemptId === undefined);
    await ok(p, "proctor:message", { sessionId, text: "hammaga" });
    await toAll;

    const terminated = next(s2, "attempt:ended");
    await ok(p, "attempt:terminate", { attemptId: a2.id, reason: "qoidabuzarlik" });
    await terminated;
    const submitted = await ok(s1, "attempt:submit", { attemptId: a1.id });
    expect(submitted.result?.score).toBe(1);
    const over = next(p, "session:state", (e) => e.state === "ended");
    await ok(p, "session:end", { sessionId });
    await over;

    // A token about to expire: the server warns, and a fresh token keeps the socket.
    const shortLived = createTokenService(TEST_JWT_SECRET, 3);
    const { token } = await shortLived.signAccess({ id: u1.id, role: "student", tokenVersion: 0 });
    const s3 = await socket(token);
    await next(s3, "auth:expired", () => true, 15_000);
    await ok(s3, "auth:refresh", { token: u1.token });

    const draining = next(s1, "server:draining");
    await server.close({ drainMs: 0 });
    await draining;

    // Every client event was acked and every server event was seen: the check below is not vacuous.
    expect(new Set(acks.map((a) => a.event))).toEqual(new Set(Object.keys(ackPayloads)));
    expect(new Set(events.map((e) => e.event))).toEqual(new Set(SERVER_EVENTS));
    for (const { event, data } of acks) {
      const parsed = ackPayloads[event].safeParse(data);
      expect(parsed.error, `ack of ${event}`).toBeUndefined();
      expect(parsed.data, `ack of ${event} declares every field it carries`).toEqual(data);
    }
    for (const { event, payload } of events) {
      const parsed = serverPayloads[event as ServerEventName].safeParse(payload);
      expect(parsed.error, event).toBeUndefined();
      expect(parsed.data, `${event} declares every field it carries`).toEqual(payload);
    }
  });
});
