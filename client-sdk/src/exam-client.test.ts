import { afterAll, afterEach, beforeAll, expect, test } from "vitest";
import { createExam, createSession, createUser, startTestServer, type TestServer } from "@imtihon/testing";
import { createExamClient, type ExamClient } from "./index.ts";

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
  await new Promise((r) => setTimeout(r, 300));
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
