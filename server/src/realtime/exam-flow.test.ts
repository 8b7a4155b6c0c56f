import { createExamClient, memoryStorage, SdkError, type ExamClient } from "@imtihon/client-sdk";
import { afterAll, afterEach, beforeAll, describe, expect, test } from "vitest";
import {
  call,
  connectRaw,
  createExam,
  createUser,
  DTM_SECTIONS,
  type ExamFixture,
  next,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";

let server: TestServer;
const clients: ExamClient[] = [];
beforeAll(async () => {
  server = await startTestServer({ sweepIntervalMs: 200 });
});
afterEach(() => {
  for (const c of clients.splice(0)) c.close();
});
afterAll(() => server?.stop());

function client(token: string, storage = memoryStorage()) {
  const c = createExamClient({
    url: server.url,
    getToken: () => token,
    storage,
    socketOptions: { reconnectionDelay: 100 },
  });
  clients.push(c);
  return c;
}

/** Answers every question: right where `right(i)` says so, else a wrong option. */
async function sitDtm(exam: ExamFixture, right: (i: number) => boolean) {
  const student = await createUser(server.ctx.db);
  const c = client(student.token);
  const attempt = await c.startAttempt({ examId: exam.id });
  expect(attempt.questions).toHaveLength(90);
  const byId = new Map(exam.questions.map((q, i) => [q.id, { ...q, i }]));
  await Promise.all(
    attempt.questions.map((q) => {
      const f = byId.get(q.id)!;
      return attempt.save(q.id, { choice: right(f.i) ? f.correct : f.wrong });
    }),
  );
  const stored = await server.ctx.db
    .selectFrom("answers")
    .select((eb) => eb.fn.countAll<string>().as("n"))
    .where("attempt_id", "=", attempt.id)
    .executeTakeFirstOrThrow();
  expect(Number(stored.n)).toBe(90);
  return attempt.submit();
}

describe("a full DTM sheet through the SDK", () => {
  let exam: ExamFixture;
  beforeAll(async () => {
    exam = await createExam(server.ctx.db, { sections: DTM_SECTIONS, durationSeconds: 3 * 3600 });
  });

  test("all right scores exactly 189", async () => {
    const { status, result } = await sitDtm(exam, () => true);
    expect(status).toBe("submitted");
    expect(result).toEqual({
      score: 189,
      maxScore: 189,
      sections: [
        { title: "Ona tili", score: 11, maxScore: 11, correct: 10, total: 10 },
        { title: "Matematika", score: 11, maxScore: 11, correct: 10, total: 10 },
        { title: "O'zbekiston tarixi", score: 11, maxScore: 11, correct: 10, total: 10 },
        { title: "Matematika (1-mutaxassislik)", score: 93, maxScore: 93, correct: 30, total: 30 },
        { title: "Fizika (2-mutaxassislik)", score: 63, maxScore: 63, correct: 30, total: 30 },
      ],
    });
  });

  test("all wrong scores 0", async () => {
    const { result } = await sitDtm(exam, () => false);
    expect(result?.score).toBe(0);
    expect(result?.maxScore).toBe(189);
  });

  test("a mixed sheet scores the hand-computed value", async () => {
    // Right: questions 0-6 (7 × 1.1), 10-12 (3 × 1.1), 20 (1.1), 30-46 (17 × 3.1), 60-80 (21 × 2.1).
    const right = (i: number) =>
      i < 7 || (i >= 10 && i < 13) || i === 20 || (i >= 30 && i < 47) || (i >= 60 && i < 81);
    const { result } = await sitDtm(exam, right);
    // 11 × 1.1 + 17 × 3.1 + 21 × 2.1 = 12.1 + 52.7 + 44.1 = 108.9
    expect(result?.score).toBe(108.9);
    expect(result?.sections.map((s) => s.score)).toEqual([7.7, 3.3, 1.1, 52.7, 44.1]);
  });
});

test("resume after a disconnect shows the same order and the saved answers", async () => {
  const exam = await createExam(server.ctx.db, {
    sections: [{ title: "A", count: 12, points: 100 }],
    shuffleQuestions: true,
    shuffleOptions: true,
  });
  const student = await createUser(server.ctx.db);
  const first = client(student.token);
  const a1 = await first.startAttempt({ examId: exam.id });
  await a1.save(a1.questions[3]!.id, { choice: a1.questions[3]!.options[1]!.id });
  await a1.save(a1.questions[7]!.id, { choice: a1.questions[7]!.options[2]!.id });
  first.close();

  const second = client(student.token);
  const a2 = await second.startAttempt({ examId: exam.id });
  expect(a2.id).toBe(a1.id);
  expect(a2.questions.map((q) => q.id)).toEqual(a1.questions.map((q) => q.id));
  expect(a2.questions.map((q) => q.options.map((o) => o.id))).toEqual(
    a1.questions.map((q) => q.options.map((o) => o.id)),
  );
  expect(a2.answers[a1.questions[3]!.id]).toEqual({
    response: { choice: a1.questions[3]!.options[1]!.id },
    seq: 1,
  });
  expect(Object.keys(a2.answers)).toHaveLength(2);
});

test("saves made while offline wait in the persisted outbox and are delivered after a reload", async () => {
  const exam = await createExam(server.ctx.db);
  const student = await createUser(server.ctx.db);
  const storage = memoryStorage();
  const c1 = client(student.token, storage);
  const a1 = await c1.startAttempt({ examId: exam.id });
  c1.close(); // the tab goes away with saves not yet sent
  const lost = a1.save(a1.questions[0]!.id, { choice: "a" });
  const lost2 = a1.save(a1.questions[1]!.id, { choice: "c" });
  lost.catch(() => undefined);
  lost2.catch(() => undefined);
  expect(a1.pendingCount).toBe(2);
  expect(storage.getItem(`imtihon:outbox:${a1.id}`)).toContain(a1.questions[1]!.id);

  const c2 = client(student.token, storage); // "reload": same storage, new client
  const a2 = await c2.startAttempt({ examId: exam.id });
  await a2.flush(5000);
  const rows = await server.ctx.db
    .selectFrom("answers")
    .select(["question_id", "response", "seq"])
    .where("attempt_id", "=", a2.id)
    .orderBy("question_id")
    .execute();
  expect(rows.map((r) => [r.question_id, r.response, r.seq]).sort()).toEqual(
    [
      [a1.questions[0]!.id, { choice: "a" }, 1],
      [a1.questions[1]!.id, { choice: "c" }, 1],
    ].sort(),
  );
  expect(storage.getItem(`imtihon:outbox:${a1.id}`)).toBeNull();
});

// The deadline moved into the past, as if the clock ran out: inside the 2 s transit grace an answer
// is still taken; beyond it, it is refused with time_over and nothing is stored.
test.each([
  { passedMs: 500, ack: { ok: true, seq: 1 }, stored: 1 },
  { passedMs: 2500, ack: { ok: false, error: { code: "time_over" } }, stored: 0 },
])("an answer $passedMs ms after the deadline: $ack.ok", async ({ passedMs, ack, stored }) => {
  const exam = await createExam(server.ctx.db, { durationSeconds: 10 });
  const student = await createUser(server.ctx.db);
  const s = await connectRaw(server.url, student.token);
  const start = await call(s, "attempt:start", { examId: exam.id });
  if (!start.ok) throw new Error(JSON.stringify(start));
  await server.ctx.db
    .updateTable("attempts")
    .set({ deadline_at: new Date(Date.now() - passedMs) })
    .where("id", "=", start.attempt.id)
    .execute();
  const answer = {
    attemptId: start.attempt.id,
    questionId: exam.questions[0]!.id,
    response: { choice: "a" },
    seq: 1,
  };
  expect(await call(s, "answer:save", answer)).toMatchObject(ack);
  const rows = await server.ctx.db
    .selectFrom("answers")
    .selectAll()
    .where("attempt_id", "=", start.attempt.id)
    .execute();
  expect(rows).toHaveLength(stored);
  s.disconnect();
});

test("an attempt left alone expires, is scored at its deadline and its student is told once", async () => {
  const exam = await createExam(server.ctx.db, {
    durationSeconds: 10,
    sections: [{ title: "A", count: 3, points: 150 }],
  });
  const student = await createUser(server.ctx.db);
  const c = client(student.token);
  const attempt = await c.startAttempt({ examId: exam.id });
  await attempt.save(exam.questions[0]!.id, { choice: "a" });
  await attempt.save(exam.questions[1]!.id, { choice: "b" });
  const ended: unknown[] = [];
  attempt.on("ended", (e) => ended.push(e));
  const deadline = new Date(Date.now() - 2100);
  await server.ctx.db
    .updateTable("attempts")
    .set({ deadline_at: deadline })
    .where("id", "=", attempt.id)
    .execute();
  await expect.poll(() => ended.length, { timeout: 10_000 }).toBe(1);
  expect(ended[0]).toMatchObject({
    attemptId: attempt.id,
    status: "expired",
    result: { score: 1.5, maxScore: 4.5 },
  });
  const row = await server.ctx.db
    .selectFrom("attempts")
    .select(["status", "submitted_at", "score"])
    .where("id", "=", attempt.id)
    .executeTakeFirstOrThrow();
  expect(row).toMatchObject({ status: "expired", score: 150 });
  expect(row.submitted_at?.getTime()).toBe(deadline.getTime());
  const results = await server.ctx.db
    .selectFrom("results")
    .selectAll()
    .where("attempt_id", "=", attempt.id)
    .execute();
  expect(results).toHaveLength(1);
  // Several more sweeps run (counted, not slept for): still told once.
  const sweeps = async () => (await server.ctx.metrics.sweeps.get()).values[0]?.value ?? 0;
  const seen = await sweeps();
  await expect.poll(sweeps, { timeout: 10_000 }).toBeGreaterThanOrEqual(seen + 3);
  expect(ended).toHaveLength(1);
  await expect(attempt.save(exam.questions[2]!.id, { choice: "a" })).rejects.toBeInstanceOf(SdkError);
});

test("submit is idempotent", async () => {
  const exam = await createExam(server.ctx.db);
  const student = await createUser(server.ctx.db);
  const s = await connectRaw(server.url, student.token);
  const start = await call(s, "attempt:start", { examId: exam.id });
  if (!start.ok) throw new Error("start failed");
  const first = await call(s, "attempt:submit", { attemptId: start.attempt.id });
  const again = await call(s, "attempt:submit", { attemptId: start.attempt.id });
  expect(first).toEqual(again);
  expect(first).toMatchObject({ ok: true, status: "submitted", result: { score: 0, maxScore: 5 } });
  const late = await call(s, "answer:save", {
    attemptId: start.attempt.id,
    questionId: exam.questions[0]!.id,
    response: { choice: "a" },
    seq: 1,
  });
  expect(late).toMatchObject({ ok: false, error: { code: "attempt_closed" } });
  s.disconnect();
});

test("attempt:ended reaches every tab of the student", async () => {
  const exam = await createExam(server.ctx.db);
  const student = await createUser(server.ctx.db);
  const tab1 = await connectRaw(server.url, student.token);
  const tab2 = await connectRaw(server.url, student.token);
  const start = await call(tab1, "attempt:start", { examId: exam.id });
  if (!start.ok) throw new Error("start failed");
  const resumed = await call(tab2, "attempt:start", { examId: exam.id });
  expect(resumed).toMatchObject({ ok: true, attempt: { id: start.attempt.id } });
  const seen = next(tab2, "attempt:ended");
  await call(tab1, "attempt:submit", { attemptId: start.attempt.id });
  expect(await seen).toMatchObject({ attemptId: start.attempt.id, status: "submitted" });
  tab1.disconnect();
  tab2.disconnect();
});

test("fifty students starting one exam together cost Postgres one read of its content", async () => {
  const exam = await createExam(server.ctx.db, { sections: [{ title: "A", count: 30, points: 100 }] });
  const loads = async () => (await server.ctx.metrics.examContentLoads.get()).values[0]?.value ?? 0;
  const before = await loads();
  const students = await Promise.all(Array.from({ length: 50 }, () => createUser(server.ctx.db)));
  const attempts = await Promise.all(students.map((s) => client(s.token).startAttempt({ examId: exam.id })));
  expect(attempts.every((a) => a.questions.length === 30)).toBe(true);
  expect((await loads()) - before).toBe(1);
});

test("five tabs starting at once share one attempt", async () => {
  const exam = await createExam(server.ctx.db);
  const student = await createUser(server.ctx.db);
  const tabs = await Promise.all(Array.from({ length: 5 }, () => connectRaw(server.url, student.token)));
  const acks = await Promise.all(tabs.map((t) => call(t, "attempt:start", { examId: exam.id })));
  const ids = new Set(acks.map((a) => (a.ok ? a.attempt.id : `error ${JSON.stringify(a)}`)));
  expect(ids.size).toBe(1);
  const rows = await server.ctx.db
    .selectFrom("attempts")
    .select("id")
    .where("user_id", "=", student.id)
    .execute();
  expect(rows).toHaveLength(1);
  for (const t of tabs) t.disconnect();
});

test("starting over an attempt left open past its deadline closes it and starts afresh", async () => {
  const exam = await createExam(server.ctx.db, { maxAttempts: 2 });
  const student = await createUser(server.ctx.db);
  const s = await connectRaw(server.url, student.token);
  const first = await call(s, "attempt:start", { examId: exam.id });
  if (!first.ok) throw new Error("start failed");
  await call(s, "answer:save", {
    attemptId: first.attempt.id,
    questionId: exam.questions[0]!.id,
    response: { choice: "a" },
    seq: 1,
  });
  const deadline = new Date(Date.now() - 60_000);
  await server.ctx.db
    .updateTable("attempts")
    .set({ deadline_at: deadline })
    .where("id", "=", first.attempt.id)
    .execute();
  const second = await call(s, "attempt:start", { examId: exam.id });
  expect(second).toMatchObject({ ok: true, attempt: { status: "in_progress", answers: {} } });
  if (!second.ok) return;
  expect(second.attempt.id).not.toBe(first.attempt.id);
  const old = await server.ctx.db
    .selectFrom("attempts")
    .select(["status", "score", "submitted_at"])
    .where("id", "=", first.attempt.id)
    .executeTakeFirstOrThrow();
  expect(old).toEqual({ status: "expired", score: 100, submitted_at: deadline });
  // Both attempts are used: a third start is refused.
  await call(s, "attempt:submit", { attemptId: second.attempt.id });
  expect(await call(s, "attempt:start", { examId: exam.id })).toMatchObject({
    ok: false,
    error: { code: "max_attempts" },
  });
  s.disconnect();
});
