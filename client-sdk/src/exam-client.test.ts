import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { createExam, createSession, createUser, startTestServer, type TestServer } from "@imtihon/testing";
import { sessionSchema } from "./protocol/index.ts";
import { createExamClient, memoryStorage, SdkError, type ConnectionState, type ExamClient } from "./index.ts";

let server: TestServer;
const clients: ExamClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(() => server?.stop());

function client(token: string) {
  const c = createExamClient({ url: server.url, getToken: () => token });
  clients.push(c);
  return c;
}

test("a reload during a pause shows the pause, with the clock standing still", async () => {
  const exam = await createExam(server.ctx.db, { mode: "live", durationSeconds: 600 });
  const proctor = await createUser(server.ctx.db, "proctor");
  const student = await createUser(server.ctx.db);
  const sessionId = await createSession(server.ctx.db, exam.id, proctor.id);
  const first = await client(student.token).startAttempt({ sessionId });
  expect(first.timeLeftMs()).toBeNull(); // lobby
  const watch = await client(proctor.token).watchSession(sessionId);
  await watch.start();
  await watch.pause();
  const reloaded = await client(student.token).startAttempt({ sessionId });
  expect(reloaded.id).toBe(first.id);
  expect(reloaded.paused).toBe(true);
  const left = reloaded.timeLeftMs();
  expect(left).toBeGreaterThan(590_000);
  // Wait until the server's clock has moved on (a condition, not a blind sleep): the countdown has not.
  const since = Date.now();
  await expect.poll(() => Date.now() - since, { timeout: 5000 }).toBeGreaterThan(300);
  expect(reloaded.timeLeftMs()).toBe(left);
});

test("two watches of one session and watches of two sessions stay apart", async () => {
  const exam = await createExam(server.ctx.db, { mode: "live" });
  const proctor = await createUser(server.ctx.db, "proctor");
  const [s1, s2] = [
    await createSession(server.ctx.db, exam.id, proctor.id),
    await createSession(server.ctx.db, exam.id, proctor.id),
  ];
  const p = client(proctor.token);
  const w1a = await p.watchSession(s1);
  const w1b = await p.watchSession(s1);
  const w2 = await p.watchSession(s2);
  w1a.close(); // must not unregister w1b
  const alice = await createUser(server.ctx.db, "student", "Alice");
  const bob = await createUser(server.ctx.db, "student", "Bob");
  await client(alice.token).startAttempt({ sessionId: s1 });
  await client(bob.token).startAttempt({ sessionId: s2 });
  await expect.poll(() => w1b.roster.map((e) => e.fullName), { timeout: 5000 }).toEqual(["Alice"]);
  await expect.poll(() => w2.roster.map((e) => e.fullName), { timeout: 5000 }).toEqual(["Bob"]);
  expect(w1a.roster).toHaveLength(0);
  // The socket's session is the HTTP one: one wire shape.
  expect(sessionSchema.parse(w2.session)).toEqual(w2.session);
  expect(w2.session).toMatchObject({ id: s2, state: "lobby", endedAt: null });
});

test("a watched roster converges on the database by itself, even on a change no delta announced", async () => {
  const exam = await createExam(server.ctx.db, { mode: "live" });
  const proctor = await createUser(server.ctx.db, "proctor");
  const sessionId = await createSession(server.ctx.db, exam.id, proctor.id);
  const student = await createUser(server.ctx.db);
  const attempt = await client(student.token).startAttempt({ sessionId });
  const p = createExamClient({ url: server.url, getToken: () => proctor.token, rosterResyncMs: 300 });
  clients.push(p);
  const watch = await p.watchSession(sessionId);
  expect(watch.roster).toMatchObject([{ attemptId: attempt.id, answered: 0 }]);
  // Written straight into Postgres: no node sends a delta for it (like a node that died mid-window).
  await server.ctx.db
    .insertInto("answers")
    .values({
      attempt_id: attempt.id,
      question_id: exam.questions[0]!.id,
      response: '{"choice":"a"}',
      seq: 1,
    })
    .execute();
  await expect.poll(() => watch.roster[0]?.answered, { timeout: 5000 }).toBe(1);
  watch.close();
});

test("an attempt's snapshot is immutable: the same object until a change, a new one after", async () => {
  const exam = await createExam(server.ctx.db);
  const student = await createUser(server.ctx.db);
  const attempt = await client(student.token).startAttempt({ examId: exam.id });
  const before = attempt.getSnapshot();
  expect(attempt.getSnapshot()).toBe(before);
  expect(Object.isFrozen(before)).toBe(true);
  expect(Object.isFrozen(before.answers)).toBe(true);
  let changes = 0;
  const off = attempt.subscribe(() => changes++);
  const q = exam.questions[0]!;
  const saved = attempt.save(q.id, { choice: q.correct });
  const pending = attempt.getSnapshot();
  expect(pending).not.toBe(before);
  expect(pending.responses[q.id]).toEqual({ choice: q.correct });
  await saved;
  const after = attempt.getSnapshot();
  expect(after.answers[q.id]).toMatchObject({ response: { choice: q.correct }, seq: 1 });
  expect(after.saveStates[q.id]).toBe("saved");
  // The first snapshot still shows the moment it was taken.
  expect(before.answers[q.id]).toBeUndefined();
  expect(before.saveStates[q.id]).toBeUndefined();
  expect(changes).toBeGreaterThan(0);
  off();
});

test("release(): refused while open; after the end it forgets the attempt and its stored outbox", async () => {
  const exam = await createExam(server.ctx.db);
  const student = await createUser(server.ctx.db);
  const removed: string[] = [];
  const base = memoryStorage();
  const storage = { ...base, removeItem: (k: string) => (removed.push(k), base.removeItem(k)) };
  const c = createExamClient({ url: server.url, getToken: () => student.token, storage });
  clients.push(c);
  const attempt = await c.startAttempt({ examId: exam.id });
  expect(() => attempt.release()).toThrow(SdkError);
  await attempt.submit();
  removed.length = 0;
  attempt.release();
  attempt.release(); // idempotent
  expect(removed).toEqual([`imtihon:outbox:${attempt.id}`]);
  // A later start of the same exam is a new attempt, not the released object.
  const next = await c.startAttempt({ examId: exam.id });
  expect(next).not.toBe(attempt);
});

test("a refused token: a few tries with backoff, then the terminal failed state; reconnect() recovers", async () => {
  const student = await createUser(server.ctx.db);
  let token = "not-a-token";
  let asked = 0;
  const states: ConnectionState[] = [];
  const errors: string[] = [];
  const c = createExamClient({
    url: server.url,
    getToken: () => (asked++, token),
    authRetry: { attempts: 2, baseMs: 20 },
  });
  clients.push(c);
  c.on("connection", (s) => states.push(s));
  c.on("error", (e) => errors.push(e.code));
  await expect.poll(() => c.connection, { timeout: 10_000 }).toBe("failed");
  expect(errors).toEqual(["unauthorized", "unauthorized", "unauthorized"]);
  expect(asked).toBe(3);
  await expect(c.startAttempt({ examId: "00000000-0000-4000-8000-000000000000" })).rejects.toMatchObject({
    code: "unauthorized",
  });
  token = student.token;
  c.reconnect();
  await expect.poll(() => c.connection, { timeout: 10_000 }).toBe("connected");
  expect(asked).toBe(4);
  expect(states.at(-1)).toBe("connected");
});
