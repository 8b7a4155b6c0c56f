import { afterAll, beforeAll, expect, test } from "vitest";
import {
  apiClient,
  call,
  connectRaw,
  createExam,
  createUser,
  type ExamFixture,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";

let server: TestServer;
let exam: ExamFixture;

// Three questions worth 1, 2 and 3 points; six students (1 = right, 0 = wrong, - = unanswered):
//        Q1 Q2 Q3  total
//   S1    1  0  1    4
//   S2    1  1  0    3
//   S3    0  1  0    2
//   S4    1  0  0    1
//   S5    0  0  -    0
//   S6    0  1  1    5
// Worked by hand: mean 2.5, median 2.5, population SD sqrt(35/12) = 1.7078.
// 27% of 6 rounds to 2: upper = {S6, S1}, lower = {S4, S5}.
// Facility 3/6, 3/6, 2/6. Discrimination Q1 (1/2 - 1/2) = 0, Q2 (1/2 - 0) = 0.5, Q3 (1 - 0) = 1.
// Item score variances (points): 0.25, 1, 2 → 3.25; total variance 35/12;
// alpha = 3/2 * (1 - 3.25 / (35/12)) = -6/35 = -0.1714.
const SHEET = [
  [1, 0, 1],
  [1, 1, 0],
  [0, 1, 0],
  [1, 0, 0],
  [0, 0, null],
  [0, 1, 1],
];

beforeAll(async () => {
  server = await startTestServer();
  exam = await createExam(server.ctx.db, {
    sections: [
      { title: "A", count: 1, points: 100 },
      { title: "B", count: 1, points: 200 },
      { title: "C", count: 1, points: 300 },
    ],
  });
  for (const row of SHEET) {
    const student = await createUser(server.ctx.db);
    const s = await connectRaw(server.url, student.token);
    const start = await call(s, "attempt:start", { examId: exam.id });
    if (!start.ok) throw new Error("start failed");
    for (const [i, right] of row.entries()) {
      if (right === null) continue;
      const q = exam.questions[i]!;
      await call(s, "answer:save", {
        attemptId: start.attempt.id,
        questionId: q.id,
        response: { choice: right ? q.correct : q.wrong },
        seq: 1,
      });
    }
    await call(s, "attempt:submit", { attemptId: start.attempt.id });
    s.disconnect();
  }
  // An attempt still in progress is not counted.
  const late = await createUser(server.ctx.db);
  const s = await connectRaw(server.url, late.token);
  await call(s, "attempt:start", { examId: exam.id });
  s.disconnect();
});
afterAll(() => server?.stop());

test("statistics equal the values worked out by hand", async () => {
  const admin = await createUser(server.ctx.db, "admin");
  const res = await apiClient(server.url).get(`/exams/${exam.id}/stats`, admin.token);
  expect(res.status).toBe(200);
  const stats = res.body;
  expect(stats).toMatchObject({
    attempts: 6,
    maxScore: 6,
    mean: 2.5,
    median: 2.5,
    stdDev: 1.7078,
    cronbachAlpha: -0.1714,
  });
  expect(stats.histogram.map((b: { count: number }) => b.count)).toEqual([1, 1, 0, 1, 0, 1, 1, 0, 1, 0]);
  expect(stats.histogram[0]).toEqual({ from: 0, to: 0.6, count: 1 });
  expect(stats.questions.map((q: { facility: number }) => q.facility)).toEqual([0.5, 0.5, 0.3333]);
  expect(stats.questions.map((q: { discrimination: number }) => q.discrimination)).toEqual([0, 0.5, 1]);
  expect(stats.questions.map((q: { answered: number }) => q.answered)).toEqual([6, 6, 5]);
  const counts = stats.questions.map((q: { options: { id: string; count: number }[] }) =>
    Object.fromEntries(q.options.map((o) => [o.id, o.count])),
  );
  expect(counts).toEqual([
    { a: 3, b: 3, c: 0, d: 0 },
    { a: 3, b: 3, c: 0, d: 0 },
    { a: 2, b: 3, c: 0, d: 0 },
  ]);
});

test("students may not read statistics; an unknown exam is not found", async () => {
  const api = apiClient(server.url);
  const student = await createUser(server.ctx.db);
  const admin = await createUser(server.ctx.db, "admin");
  expect((await api.get(`/exams/${exam.id}/stats`, student.token)).status).toBe(403);
  expect((await api.get(`/exams/00000000-0000-4000-8000-000000000000/stats`, admin.token)).status).toBe(404);
  expect((await api.get(`/exams/not-a-uuid/stats`, admin.token)).status).toBe(404);
  expect((await api.get(`/exams/${exam.id}/stats?bogus=1`, admin.token)).status).toBe(400);
});

// Issue 17, defect 3: statistics carry the answer key, so drafts are admin-only and a proctor sees
// only their own sessions.
test("a draft's statistics are admin-only: a proctor gets not_found", async () => {
  const api = apiClient(server.url);
  const draft = await createExam(server.ctx.db, { status: "draft" });
  const proctor = await createUser(server.ctx.db, "proctor");
  const admin = await createUser(server.ctx.db, "admin");
  const res = await api.get(`/exams/${draft.id}/stats`, proctor.token);
  expect(res.status).toBe(404);
  expect(JSON.stringify(res.body)).not.toContain("correct");
  expect((await api.get(`/exams/${draft.id}/stats`, admin.token)).status).toBe(200);
});

test("a proctor sees the statistics of their own sessions only", async () => {
  const api = apiClient(server.url);
  const [mine, theirs, outsider, admin] = [
    await createUser(server.ctx.db, "proctor"),
    await createUser(server.ctx.db, "proctor"),
    await createUser(server.ctx.db, "proctor"),
    await createUser(server.ctx.db, "admin"),
  ];
  const session = (proctorId: string) =>
    server.ctx.db
      .insertInto("live_sessions")
      .values({
        exam_id: exam.id,
        proctor_id: proctorId,
        state: "ended",
        started_at: null,
        deadline_at: null,
        paused_at: null,
        ended_at: new Date(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
  const a = await session(mine.id);
  const b = await session(theirs.id);
  const closed = await server.ctx.db
    .selectFrom("attempts")
    .select("id")
    .where("exam_id", "=", exam.id)
    .where("status", "=", "submitted")
    .orderBy("id")
    .execute();
  const setSession = (ids: string[], sessionId: string) =>
    server.ctx.db.updateTable("attempts").set({ session_id: sessionId }).where("id", "in", ids).execute();
  await setSession([closed[0]!.id, closed[1]!.id], a.id);
  await setSession([closed[2]!.id], b.id);

  const own = await api.get(`/exams/${exam.id}/stats`, mine.token);
  expect(own.status).toBe(200);
  expect(own.body.attempts).toBe(2);
  const one = await api.get(`/exams/${exam.id}/stats?sessionId=${a.id}`, mine.token);
  expect(one.body.attempts).toBe(2);
  const foreign = await api.get(`/exams/${exam.id}/stats?sessionId=${b.id}`, mine.token);
  expect(foreign.status).toBe(404);
  expect(foreign.body.error.code).toBe("not_found");
  const none = await api.get(`/exams/${exam.id}/stats`, outsider.token);
  expect(none.status).toBe(403);
  expect(none.body.error.code).toBe("forbidden");
  expect((await api.get(`/exams/${exam.id}/stats?sessionId=${a.id}`, outsider.token)).status).toBe(404);
  expect((await api.get(`/exams/${exam.id}/stats`, admin.token)).body.attempts).toBe(6);
  expect((await api.get(`/exams/${exam.id}/stats?sessionId=${b.id}`, admin.token)).body.attempts).toBe(1);
});
