import { afterAll, beforeAll, expect, test } from "vitest";
import {
  apiClient,
  call,
  connectRaw,
  createExam,
  createUser,
  next,
  type RawSocket,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** Records every Engine.IO packet the server sends this socket: events and acks alike. */
function capture(socket: RawSocket): string[] {
  const frames: string[] = [];
  socket.io.engine.on("packet", (p: { data?: unknown }) => {
    if (p.data !== undefined) frames.push(typeof p.data === "string" ? p.data : "<binary>");
  });
  return frames;
}

const QUESTION_KEYS = ["id", "kind", "options", "points", "section", "stem"];

test.each(["none", "score", "full"] as const)(
  "review %s: no frame carries the answer key",
  async (review) => {
    // One attempt allowed; a full review opens only once the exam closes (no one can sit it then).
    const exam = await createExam(server.ctx.db, {
      review,
      maxAttempts: 1,
      sections: [{ title: "A", count: 6, points: 100 }],
      shuffleOptions: true,
    });
    const student = await createUser(server.ctx.db);
    const socket = await connectRaw(server.url, student.token);
    const frames = capture(socket);
    const start = await call(socket, "attempt:start", { examId: exam.id });
    if (!start.ok) throw new Error("start failed");
    for (const q of start.attempt.questions) {
      expect(Object.keys(q).sort()).toEqual(QUESTION_KEYS);
      for (const o of q.options) expect(Object.keys(o).sort()).toEqual(["id", "text"]);
    }
    let seq = 0;
    for (const q of exam.questions) {
      await call(socket, "answer:save", {
        attemptId: start.attempt.id,
        questionId: q.id,
        response: { choice: q.wrong },
        seq: ++seq,
      });
    }
    await call(socket, "time:sync", { clientNow: Date.now() });
    const beforeEnd = frames.join("\n");
    expect(beforeEnd).not.toMatch(/correct/i);
    expect(beforeEnd).not.toMatch(/"result"/);

    const ended = next(socket, "attempt:ended");
    const submit = await call(socket, "attempt:submit", { attemptId: start.attempt.id });
    const event = await ended;
    // After the end the score shows only where the policy allows; sockets never send the key.
    if (review === "none") {
      expect(submit).not.toHaveProperty("result");
      expect(event).not.toHaveProperty("result");
    } else {
      expect(submit).toMatchObject({ ok: true, result: { score: 0, maxScore: 6 } });
    }
    // Result sections count correct answers (`"correct": 0`); the key itself would be an array.
    expect(frames.join("\n")).not.toMatch(/"correct":\s*\[/);

    const api = apiClient(server.url);
    const detail = await api.get(`/attempts/${start.attempt.id}`, student.token);
    expect(detail.status).toBe(200);
    if (review === "none") expect(detail.body).not.toHaveProperty("result");
    expect(detail.text).not.toMatch(/"correct":\s*\[/);
    if (review === "full") {
      expect(detail.body.reviewPending).toEqual({ reason: "open_exam", opensAt: null });
      await server.ctx.db
        .updateTable("exams")
        .set({ closes_at: new Date(Date.now() - 1000) })
        .where("id", "=", exam.id)
        .execute();
      const closed = await api.get(`/attempts/${start.attempt.id}`, student.token);
      expect(closed.body.review[0]).toHaveProperty("correct");
    }
    socket.disconnect();
  },
);

test("review full keeps the key while the exam is open, even with the attempts used up", async () => {
  const exam = await createExam(server.ctx.db, { review: "full", maxAttempts: 2 });
  const student = await createUser(server.ctx.db);
  const socket = await connectRaw(server.url, student.token);
  const api = apiClient(server.url);
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    const start = await call(socket, "attempt:start", { examId: exam.id });
    if (!start.ok) throw new Error("start failed");
    ids.push(start.attempt.id);
    await call(socket, "attempt:submit", { attemptId: start.attempt.id });
    const detail = await api.get(`/attempts/${start.attempt.id}`, student.token);
    expect(detail.body.result).toMatchObject({ score: 0, maxScore: 5 });
    // A second account could still sit it: the key would help, whatever this student has left.
    expect(detail.body).not.toHaveProperty("review");
  }
  await server.ctx.db
    .updateTable("exams")
    .set({ closes_at: new Date(Date.now() - 1000) })
    .where("id", "=", exam.id)
    .execute();
  expect((await api.get(`/attempts/${ids[0]}`, student.token)).body.review).toHaveLength(5);
  socket.disconnect();
});

test("GET /attempts/:id of another student is not_found; before the end no review is shown", async () => {
  const exam = await createExam(server.ctx.db, { review: "full" });
  const [alice, bob] = [await createUser(server.ctx.db), await createUser(server.ctx.db)];
  const socket = await connectRaw(server.url, alice.token);
  const start = await call(socket, "attempt:start", { examId: exam.id });
  if (!start.ok) throw new Error("start failed");
  const api = apiClient(server.url);
  expect((await api.get(`/attempts/${start.attempt.id}`, bob.token)).status).toBe(404);
  const own = await api.get(`/attempts/${start.attempt.id}`, alice.token);
  expect(own.status).toBe(200);
  expect(own.text).not.toMatch(/correct/i);
  expect(own.body.attempt).toMatchObject({ id: start.attempt.id, status: "in_progress", score: null });
  const mine = await api.get("/me/attempts", alice.token);
  expect(mine.body.items.map((a: { id: string }) => a.id)).toContain(start.attempt.id);
  expect((await api.get("/me/attempts", bob.token)).body.items).toHaveLength(0);
  socket.disconnect();
});
