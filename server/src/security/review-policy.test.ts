import { reviewPendingSchema } from "@imtihon/client-sdk/protocol";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  apiClient,
  createExam,
  createUser,
  type ExamFixture,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";

// Issue 17, defect 2: the answer key reached students while it still helped (another session of the
// same exam running, a throwaway account using up the attempts, a question shared with another open
// exam). The rule: the key of a question is shown only when no open exam or unfinished live session
// contains it; until then the response says why and, when known, from when.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** A closed attempt written directly (the flow itself is tested elsewhere): the student answered "b". */
async function closedAttempt(exam: ExamFixture, userId: string, sessionId: string | null = null) {
  const row = await server.ctx.db
    .insertInto("attempts")
    .values({
      exam_id: exam.id,
      session_id: sessionId,
      user_id: userId,
      status: "submitted",
      started_at: new Date(Date.now() - 60_000),
      deadline_at: new Date(Date.now() + 60_000),
      paused_at: null,
      submitted_at: new Date(),
      question_order: exam.questions.map((q) => q.id),
      option_order: JSON.stringify({}),
      score: 0,
      max_score: exam.maxScore,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

async function liveSession(examId: string, state: "running" | "ended") {
  const proctor = await createUser(server.ctx.db, "proctor");
  return server.ctx.db
    .insertInto("live_sessions")
    .values({
      exam_id: examId,
      proctor_id: proctor.id,
      state,
      started_at: new Date(),
      deadline_at: null,
      paused_at: null,
      ended_at: state === "ended" ? new Date() : null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
}

/** Adds the questions of `from` to `to` (a second exam sharing questions, as the demo does). */
async function shareQuestions(from: ExamFixture, to: ExamFixture) {
  await server.ctx.db
    .insertInto("exam_questions")
    .values(
      from.questions.map((q, i) => ({
        exam_id: to.id,
        question_id: q.id,
        position: 100 + i,
        section: 0,
        points: 100,
      })),
    )
    .execute();
}

async function detail(attemptId: string, token: string) {
  const res = await apiClient(server.url).get(`/attempts/${attemptId}`, token);
  expect(res.status).toBe(200);
  return res;
}

describe("a full review never shows the key while it still helps", () => {
  test("a live session's review waits while another session of the same exam runs", async () => {
    const exam = await createExam(server.ctx.db, { mode: "live", review: "full" });
    const mine = await liveSession(exam.id, "ended");
    const other = await liveSession(exam.id, "running");
    const student = await createUser(server.ctx.db);
    const attemptId = await closedAttempt(exam, student.id, mine.id);
    const res = await detail(attemptId, student.token);
    expect(res.body).not.toHaveProperty("review");
    expect(res.text).not.toMatch(/"correct":\s*\[/);
    expect(reviewPendingSchema.parse(res.body.reviewPending)).toEqual({
      reason: "live_session",
      opensAt: null,
    });
    expect(res.body.attempt.score).toBe(0); // the score still shows: only the key waits
    await server.ctx.db
      .updateTable("live_sessions")
      .set({ state: "ended" })
      .where("id", "=", other.id)
      .execute();
    const after = await detail(attemptId, student.token);
    expect(after.body.review).toHaveLength(exam.questions.length);
    expect(after.body).not.toHaveProperty("reviewPending");
  });

  test("using up the attempts (a throwaway account) does not open the key of an exam still open", async () => {
    const closesAt = new Date(Date.now() + 86_400_000);
    const exam = await createExam(server.ctx.db, { review: "full", maxAttempts: 1, closesAt });
    const throwaway = await createUser(server.ctx.db);
    const attemptId = await closedAttempt(exam, throwaway.id);
    const res = await detail(attemptId, throwaway.token);
    expect(res.body).not.toHaveProperty("review");
    expect(res.body.reviewPending).toEqual({ reason: "open_exam", opensAt: closesAt.toISOString() });
    // The exam closes: the key can no longer help anyone.
    await server.ctx.db
      .updateTable("exams")
      .set({ closes_at: new Date(Date.now() - 1000) })
      .where("id", "=", exam.id)
      .execute();
    expect((await detail(attemptId, throwaway.token)).body.review[0].correct).toEqual([
      exam.questions[0]!.correct,
    ]);
  });

  test("a question shared with another open exam keeps the key hidden; the date is the last closing", async () => {
    const past = new Date(Date.now() - 1000);
    const exam = await createExam(server.ctx.db, { review: "full", closesAt: past });
    const later = new Date(Date.now() + 7 * 86_400_000);
    const other = await createExam(server.ctx.db, { review: "none", closesAt: later });
    await shareQuestions(exam, other);
    const student = await createUser(server.ctx.db);
    const attemptId = await closedAttempt(exam, student.id);
    const res = await detail(attemptId, student.token);
    expect(res.body).not.toHaveProperty("review");
    expect(res.body.reviewPending).toEqual({ reason: "open_exam", opensAt: later.toISOString() });
    // An exam without a closing time: no date can be promised.
    const forever = await createExam(server.ctx.db, { review: "none" });
    await shareQuestions(exam, forever);
    expect((await detail(attemptId, student.token)).body.reviewPending).toEqual({
      reason: "open_exam",
      opensAt: null,
    });
    // Staff always see the key (an admin here).
    const admin = await createUser(server.ctx.db, "admin");
    const staff = await detail(attemptId, admin.token);
    expect(staff.body.review).toHaveLength(exam.questions.length);
    expect(staff.body).not.toHaveProperty("reviewPending");
  });

  test("policies other than full never carry reviewPending", async () => {
    const exam = await createExam(server.ctx.db, { review: "score" });
    const student = await createUser(server.ctx.db);
    const attemptId = await closedAttempt(exam, student.id);
    const res = await detail(attemptId, student.token);
    expect(res.body).not.toHaveProperty("review");
    expect(res.body).not.toHaveProperty("reviewPending");
  });
});

describe("authors are warned", () => {
  test("creating or publishing a full-review exam that shares questions with an open exam warns", async () => {
    const api = apiClient(server.url);
    const admin = await createUser(server.ctx.db, "admin");
    const open = await createExam(server.ctx.db, { review: "none" });
    const sections = [{ title: "A", questionIds: open.questions.map((q) => q.id), pointsPerQuestion: 1 }];
    const created = await api.post(
      "/admin/exams",
      { title: "Takror", mode: "self_paced", durationSeconds: 600, sections, review: "full" },
      admin.token,
    );
    expect(created.status).toBe(201);
    expect(created.body.warnings).toEqual([
      {
        code: "key_shared_with_open_exam",
        message: expect.stringMatching(/1 other open exam/),
        examIds: [open.id],
      },
    ]);
    const published = await api.post(`/admin/exams/${created.body.exam.id}/publish`, undefined, admin.token);
    expect(published.status).toBe(200);
    expect(published.body.warnings[0].examIds).toEqual([open.id]);
    // Not full: nothing to warn about.
    const scoreOnly = await api.post(
      "/admin/exams",
      { title: "Faqat ball", mode: "self_paced", durationSeconds: 600, sections, review: "score" },
      admin.token,
    );
    expect(scoreOnly.status).toBe(201);
    expect(scoreOnly.body).not.toHaveProperty("warnings");
  });
});
