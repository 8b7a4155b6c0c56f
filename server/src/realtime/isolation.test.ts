import { clientPayloads, type ClientEventName } from "@imtihon/client-sdk/protocol";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  call,
  connectRaw,
  createExam,
  createSession,
  createUser,
  type ExamFixture,
  type RawSocket,
  startTestServer,
  type TestServer,
  type TestUser,
} from "@imtihon/testing";

let server: TestServer;
let exam: ExamFixture;
let alice: TestUser;
let bob: TestUser;
let aliceSocket: RawSocket;
let bobSocket: RawSocket;
let aliceAttempt: string;

/** Every row of the tables a socket event could touch, to prove a refused event changed nothing. */
async function snapshot() {
  const db = server.ctx.db;
  const [attempts, answers, results, integrity, actions, sessions] = await Promise.all([
    db.selectFrom("attempts").selectAll().orderBy("id").execute(),
    db.selectFrom("answers").selectAll().orderBy("attempt_id").orderBy("question_id").execute(),
    db.selectFrom("results").selectAll().orderBy("attempt_id").execute(),
    db.selectFrom("integrity_events").selectAll().orderBy("id").execute(),
    db.selectFrom("proctor_actions").selectAll().orderBy("id").execute(),
    db.selectFrom("live_sessions").selectAll().orderBy("id").execute(),
  ]);
  return JSON.stringify({ attempts, answers, results, integrity, actions, sessions });
}

beforeAll(async () => {
  server = await startTestServer();
  exam = await createExam(server.ctx.db, { sections: [{ title: "A", count: 4, points: 100 }] });
  alice = await createUser(server.ctx.db, "student", "Alice");
  bob = await createUser(server.ctx.db, "student", "Bob");
  aliceSocket = await connectRaw(server.url, alice.token);
  bobSocket = await connectRaw(server.url, bob.token);
  const start = await call(aliceSocket, "attempt:start", { examId: exam.id });
  if (!start.ok) throw new Error("start failed");
  aliceAttempt = start.attempt.id;
  await call(aliceSocket, "answer:save", {
    attemptId: aliceAttempt,
    questionId: exam.questions[0]!.id,
    response: { choice: "b" },
    seq: 3,
  });
});
afterAll(async () => {
  aliceSocket?.disconnect();
  bobSocket?.disconnect();
  await server?.stop();
});

describe("one student cannot touch another's attempt", () => {
  test("save, resume, submit and report into Alice's attempt: not_found, nothing changes", async () => {
    const before = await snapshot();
    const q = exam.questions[0]!.id;
    const tries: [ClientEventName, unknown][] = [
      ["answer:save", { attemptId: aliceAttempt, questionId: q, response: { choice: "a" }, seq: 99 }],
      ["attempt:resume", { attemptId: aliceAttempt }],
      ["attempt:submit", { attemptId: aliceAttempt }],
      ["integrity:report", { attemptId: aliceAttempt, kind: "copy", at: new Date().toISOString() }],
    ];
    for (const [event, payload] of tries) {
      const ack = await call(bobSocket, event, payload);
      expect(ack, event).toMatchObject({ ok: false, error: { code: "not_found" } });
    }
    expect(await snapshot()).toBe(before);
  });

  test("a draft exam cannot be started", async () => {
    const draft = await createExam(server.ctx.db, { status: "draft" });
    const before = await snapshot();
    expect(await call(bobSocket, "attempt:start", { examId: draft.id })).toMatchObject({
      ok: false,
      error: { code: "not_found" },
    });
    expect(await snapshot()).toBe(before);
  });

  test("a closed window, the attempt limit and an unpaid price are refused", async () => {
    const closed = await createExam(server.ctx.db, { closesAt: new Date(Date.now() - 1000) });
    const notYet = await createExam(server.ctx.db, { opensAt: new Date(Date.now() + 3600_000) });
    const once = await createExam(server.ctx.db, { maxAttempts: 1 });
    const paid = await createExam(server.ctx.db, { priceUzs: 50_000 });
    expect(await call(bobSocket, "attempt:start", { examId: closed.id })).toMatchObject({
      ok: false,
      error: { code: "exam_closed" },
    });
    expect(await call(bobSocket, "attempt:start", { examId: notYet.id })).toMatchObject({
      ok: false,
      error: { code: "exam_closed" },
    });
    expect(await call(bobSocket, "attempt:start", { examId: paid.id })).toMatchObject({
      ok: false,
      error: { code: "payment_required" },
    });
    const first = await call(bobSocket, "attempt:start", { examId: once.id });
    if (!first.ok) throw new Error("start failed");
    await call(bobSocket, "attempt:submit", { attemptId: first.attempt.id });
    expect(await call(bobSocket, "attempt:start", { examId: once.id })).toMatchObject({
      ok: false,
      error: { code: "max_attempts" },
    });
  });

  test("a student cannot call any proctor event", async () => {
    const proctor = await createUser(server.ctx.db, "proctor");
    const live = await createExam(server.ctx.db, { mode: "live" });
    const sessionId = await createSession(server.ctx.db, live.id, proctor.id);
    const before = await snapshot();
    for (const event of [
      "session:watch",
      "session:start",
      "session:pause",
      "session:resume",
      "session:end",
    ] as const) {
      expect(await call(bobSocket, event, { sessionId }), event).toMatchObject({
        ok: false,
        error: { code: "forbidden" },
      });
    }
    expect(await call(bobSocket, "attempt:extend", { attemptId: aliceAttempt, seconds: 60 })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(
      await call(bobSocket, "attempt:terminate", { attemptId: aliceAttempt, reason: "x" }),
    ).toMatchObject({ ok: false, error: { code: "forbidden" } });
    expect(await call(bobSocket, "proctor:message", { sessionId, text: "hi" })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await snapshot()).toBe(before);
  });
});

describe("malformed payloads get invalid_payload and change nothing", () => {
  const huge = "x".repeat(10_000);
  const uuid = "00000000-0000-4000-8000-000000000000";
  const bad: Record<ClientEventName, unknown[]> = {
    "attempt:start": [
      null,
      42,
      "x",
      {},
      { examId: "not-a-uuid" },
      { examId: uuid, extra: 1 },
      { examId: uuid, sessionId: uuid },
      { sessionId: 5 },
    ],
    "answer:save": [
      {},
      { attemptId: uuid, questionId: uuid, response: { choice: "a" }, seq: -1 },
      { attemptId: uuid, questionId: uuid, response: { choice: "a" }, seq: 1.5 },
      { attemptId: uuid, questionId: uuid, response: { choice: "a" }, seq: "1" },
      { attemptId: uuid, questionId: uuid, response: { choice: huge }, seq: 1 },
      { attemptId: uuid, questionId: uuid, response: { choice: "a", choices: ["a"] }, seq: 1 },
      { attemptId: uuid, questionId: uuid, response: "a", seq: 1 },
      { attemptId: uuid, questionId: uuid, response: { choice: "a" }, seq: 1, hack: true },
    ],
    "attempt:submit": [{}, { attemptId: 1 }, { attemptId: uuid, x: 1 }],
    "attempt:resume": [{}, { attemptId: "zz" }],
    "time:sync": [{}, { clientNow: "now" }, { clientNow: null }],
    "integrity:report": [
      { attemptId: uuid, kind: "hacking", at: new Date().toISOString() },
      { attemptId: uuid, kind: "copy", at: "yesterday" },
    ],
    "auth:refresh": [{}, { token: 5 }, { token: "" }],
    "session:watch": [{}, { sessionId: "x" }],
    "session:start": [{ sessionId: null }],
    "session:pause": [[]],
    "session:resume": [{ sessionId: uuid, more: 1 }],
    "session:end": [{ sessionId: 12 }],
    "attempt:extend": [
      { attemptId: uuid, seconds: -5 },
      { attemptId: uuid, seconds: 1e9 },
      { attemptId: uuid, seconds: "60" },
    ],
    "attempt:terminate": [
      { attemptId: uuid, reason: "" },
      { attemptId: uuid, reason: huge },
    ],
    "proctor:message": [
      { sessionId: uuid, text: "" },
      { sessionId: uuid, text: huge },
      { sessionId: uuid, attemptId: "x", text: "hi" },
    ],
  };

  test("covers every client event of the protocol", () => {
    expect(Object.keys(bad).sort()).toEqual(Object.keys(clientPayloads).sort());
  });

  test.each(Object.entries(bad))("%s", async (event, payloads) => {
    const admin = await createUser(server.ctx.db, "admin");
    const socket = await connectRaw(server.url, admin.token);
    const before = await snapshot();
    for (const payload of payloads) {
      const ack = await call(socket, event as ClientEventName, payload);
      expect(ack, JSON.stringify(payload).slice(0, 100)).toMatchObject({
        ok: false,
        error: { code: "invalid_payload" },
      });
    }
    expect(await snapshot()).toBe(before);
    socket.disconnect();
  });

  test("an answer that does not fit its question is refused", async () => {
    const before = await snapshot();
    const q = exam.questions[1]!.id;
    for (const response of [{ choice: "z" }, { choices: ["a"] }]) {
      const ack = await call(aliceSocket, "answer:save", {
        attemptId: aliceAttempt,
        questionId: q,
        response,
        seq: 1,
      });
      expect(ack).toMatchObject({ ok: false, error: { code: "invalid_payload" } });
    }
    const other = await createExam(server.ctx.db);
    const ack = await call(aliceSocket, "answer:save", {
      attemptId: aliceAttempt,
      questionId: other.questions[0]!.id,
      response: { choice: "a" },
      seq: 1,
    });
    expect(ack).toMatchObject({ ok: false, error: { code: "not_found" } });
    expect(await snapshot()).toBe(before);
  });

  test("a stale seq changes nothing and says which seq is stored", async () => {
    const before = await snapshot();
    const ack = await call(aliceSocket, "answer:save", {
      attemptId: aliceAttempt,
      questionId: exam.questions[0]!.id,
      response: { choice: "d" },
      seq: 2,
    });
    expect(ack).toMatchObject({ ok: true, seq: 3, stale: true });
    expect(await snapshot()).toBe(before);
  });
});

describe("the handshake", () => {
  test("no token, a bad token and an expired token are refused with unauthorized", async () => {
    const { SignJWT } = await import("jose");
    const expired = await new SignJWT({ role: "student", tv: 0 })
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
      .setSubject(alice.id)
      .setIssuer("imtihon")
      .setAudience("imtihon:access")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 3600)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode("test-secret-test-secret-test-secret-0123456789"));
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${Buffer.from(
      JSON.stringify({
        sub: alice.id,
        role: "admin",
        tv: 0,
        iss: "imtihon",
        aud: "imtihon:access",
        exp: 9e9,
        iat: 1,
      }),
    ).toString("base64url")}.`;
    for (const token of [undefined, "garbage", expired, none, alice.token.slice(0, -3) + "abc"]) {
      await expect(connectRaw(server.url, token)).rejects.toThrow("unauthorized");
    }
  });

  test("a browser handshake from a foreign origin is refused", async () => {
    await expect(
      connectRaw(server.url, alice.token, { headers: { origin: "https://evil.example" } }),
    ).rejects.toThrow();
    const ok = await connectRaw(server.url, alice.token, { headers: { origin: server.url } });
    ok.disconnect();
  });

  test("time:sync answers the server's clock", async () => {
    const before = Date.now();
    const ack = await call(aliceSocket, "time:sync", { clientNow: before });
    expect(ack.ok).toBe(true);
    if (ack.ok) expect(Math.abs(ack.serverNow - before)).toBeLessThan(60_000);
  });
});
