import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  apiClient,
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
import { fingerprint } from "./fingerprint.ts";

// Every id-taking route and event, called with ids that belong to someone else (another student's
// attempt, another proctor's session and its attempts, a draft exam): 403 or 404, never data.

let server: TestServer;
let exam: ExamFixture;
let draft: ExamFixture;
let alice: TestUser;
let mallory: TestUser;
let owner: TestUser;
let rival: TestUser;
let selfAttempt: string;
let liveAttempt: string;
let sessionId: string;
const sockets: RawSocket[] = [];

async function raw(token: string) {
  const s = await connectRaw(server.url, token);
  sockets.push(s);
  return s;
}

/** A refusal carries the error envelope and nothing of the resource. */
function expectNoData(body: unknown, secrets: string[]) {
  expect(Object.keys(body as object)).toEqual(["error"]);
  const text = JSON.stringify(body);
  for (const s of secrets) expect(text).not.toContain(s);
}

beforeAll(async () => {
  server = await startTestServer();
  const { db } = server.ctx;
  exam = await createExam(db, { durationSeconds: 3600 });
  draft = await createExam(db, { status: "draft" });
  const live = await createExam(db, { mode: "live", durationSeconds: 3600 });
  [alice, mallory, owner, rival] = await Promise.all([
    createUser(db, "student", "Alice Secret"),
    createUser(db, "student", "Mallory"),
    createUser(db, "proctor", "Owner"),
    createUser(db, "proctor", "Rival"),
  ]);
  sessionId = await createSession(db, live.id, owner.id);
  const a = await raw(alice.token);
  const s1 = await call(a, "attempt:start", { examId: exam.id });
  const s2 = await call(a, "attempt:start", { sessionId });
  if (!s1.ok || !s2.ok) throw new Error("start failed");
  selfAttempt = s1.attempt.id;
  liveAttempt = s2.attempt.id;
  await call(a, "answer:save", {
    attemptId: selfAttempt,
    questionId: exam.questions[0]!.id,
    response: { choice: "a" },
    seq: 1,
  });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

describe("another student's attempt", () => {
  test("HTTP: GET /attempts/:id is 404 with no data", async () => {
    for (const id of [selfAttempt, liveAttempt]) {
      const res = await apiClient(server.url).get(`/attempts/${id}`, mallory.token);
      expect([403, 404]).toContain(res.status);
      expectNoData(res.body, [alice.id, "Alice Secret"]);
    }
  });

  test("socket: resume, save, submit, report are refused and change nothing", async () => {
    const m = await raw(mallory.token);
    const before = await fingerprint(server.ctx.sql);
    const q = exam.questions[0]!.id;
    const calls: [Parameters<typeof call>[1], unknown][] = [
      ["attempt:resume", { attemptId: selfAttempt }],
      ["attempt:resume", { attemptId: liveAttempt }],
      ["answer:save", { attemptId: selfAttempt, questionId: q, response: { choice: "b" }, seq: 99 }],
      ["attempt:submit", { attemptId: selfAttempt }],
      ["integrity:report", { attemptId: selfAttempt, kind: "copy", at: new Date().toISOString() }],
    ];
    for (const [event, payload] of calls) {
      const ack = await call(m, event, payload);
      expect(ack.ok, event).toBe(false);
      if (!ack.ok) expect(["not_found", "forbidden"], event).toContain(ack.error.code);
      expect(JSON.stringify(ack)).not.toContain(alice.id);
    }
    expect(await fingerprint(server.ctx.sql)).toBe(before);
  });

  test("a student may call no proctor event, even on a real session", async () => {
    const m = await raw(mallory.token);
    const before = await fingerprint(server.ctx.sql);
    for (const [event, payload] of proctorCalls()) {
      const ack = await call(m, event, payload);
      expect(ack.ok, event).toBe(false);
      if (!ack.ok) expect(["not_found", "forbidden"], event).toContain(ack.error.code);
    }
    expect(await fingerprint(server.ctx.sql)).toBe(before);
  });
});

function proctorCalls(): [Parameters<typeof call>[1], unknown][] {
  return [
    ["session:watch", { sessionId }],
    ["session:start", { sessionId }],
    ["session:pause", { sessionId }],
    ["session:resume", { sessionId }],
    ["session:end", { sessionId }],
    ["proctor:message", { sessionId, text: "hi" }],
    ["proctor:message", { sessionId, attemptId: liveAttempt, text: "hi" }],
    ["attempt:extend", { attemptId: liveAttempt, seconds: 600 }],
    ["attempt:terminate", { attemptId: liveAttempt, reason: "x" }],
    ["attempt:extend", { attemptId: selfAttempt, seconds: 600 }],
    ["attempt:terminate", { attemptId: selfAttempt, reason: "x" }],
  ];
}

describe("another proctor's session", () => {
  test("HTTP: the session and its attempts are 403/404 with no data", async () => {
    const api = apiClient(server.url);
    const s = await api.get(`/sessions/${sessionId}`, rival.token);
    expect([403, 404]).toContain(s.status);
    expectNoData(s.body, [owner.id]);
    const a = await api.get(`/attempts/${liveAttempt}`, rival.token);
    expect([403, 404]).toContain(a.status);
    expectNoData(a.body, [alice.id, "Alice Secret"]);
    const list = await api.get("/sessions", rival.token);
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain(sessionId);
  });

  test("socket: watch, control, message, extend and terminate are refused and change nothing", async () => {
    const r = await raw(rival.token);
    let roster = 0;
    r.on("roster:update", () => roster++);
    const before = await fingerprint(server.ctx.sql);
    for (const [event, payload] of proctorCalls()) {
      const ack = await call(r, event, payload);
      expect(ack.ok, event).toBe(false);
      if (!ack.ok) expect(["not_found", "forbidden"], event).toContain(ack.error.code);
      expect(JSON.stringify(ack)).not.toContain("Alice Secret");
    }
    expect(await fingerprint(server.ctx.sql)).toBe(before);
    expect(roster).toBe(0);
  });
});

describe("a draft exam", () => {
  test("is invisible to students and proctors, and cannot be started or proctored", async () => {
    const api = apiClient(server.url);
    for (const who of [mallory, rival]) {
      const res = await api.get(`/exams/${draft.id}`, who.token);
      expect(res.status).toBe(404);
      expectNoData(res.body, [draft.questions[0]!.id]);
      expect(JSON.stringify((await api.get("/exams", who.token)).body)).not.toContain(draft.id);
      expect((await api.get(`/admin/exams/${draft.id}`, who.token)).status).toBe(403);
    }
    const m = await raw(mallory.token);
    const start = await call(m, "attempt:start", { examId: draft.id });
    expect(start).toMatchObject({ ok: false });
    if (!start.ok) expect(["not_found", "forbidden"]).toContain(start.error.code);
    const session = await api.post("/sessions", { examId: draft.id }, rival.token);
    expect([404, 409]).toContain(session.status);
  });
});
