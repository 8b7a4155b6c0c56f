import { afterAll, beforeAll, expect, test } from "vitest";
import { createExam, createUser } from "../testing/fixtures.ts";
import { startTestServer, type TestServer } from "../testing/server.ts";
import { call, connectRaw } from "../testing/socket.ts";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

test("smoke: start, save, submit", async () => {
  const exam = await createExam(server.ctx.db);
  const student = await createUser(server.ctx.db);
  const s = await connectRaw(server.url, student.token);
  const start = await call(s, "attempt:start", { examId: exam.id });
  expect(start).toMatchObject({ ok: true });
  if (!start.ok) return;
  const a = start.attempt;
  const q = exam.questions[0]!;
  const save = await call(s, "answer:save", {
    attemptId: a.id,
    questionId: q.id,
    response: { choice: "a" },
    seq: 1,
  });
  expect(save).toMatchObject({ ok: true, questionId: q.id, seq: 1 });
  const stale = await call(s, "answer:save", {
    attemptId: a.id,
    questionId: q.id,
    response: { choice: "b" },
    seq: 1,
  });
  expect(stale).toMatchObject({ ok: true, seq: 1, stale: true });
  const sub = await call(s, "attempt:submit", { attemptId: a.id });
  expect(sub).toMatchObject({ ok: true, status: "submitted", result: { score: 1, maxScore: 5 } });
  s.disconnect();
});
