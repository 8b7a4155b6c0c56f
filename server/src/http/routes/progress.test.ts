import {
  createSession,
  createUser,
  type TestUser,
  apiClient,
  createSubjectExam,
  takeExam,
  type SubjectExam,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import { attemptStandingResponse, myProgressResponse } from "@imtihon/client-sdk/protocol";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

let server: TestServer;
let api: ReturnType<typeof apiClient>;
beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterAll(async () => {
  await server?.stop();
});

const firstN =
  (n: number) =>
  (_q: unknown, i: number): boolean =>
    i < n;

describe("GET /attempts/:id/standing", () => {
  let exam: SubjectExam;
  let students: TestUser[];
  const attempts: string[] = [];
  beforeAll(async () => {
    exam = await createSubjectExam(server.ctx.db, {
      sections: [{ subject: "Tarix", count: 4, points: 100 }],
    });
    students = await Promise.all([1, 2, 3, 4].map(() => createUser(server.ctx.db, "student")));
    // Scores 4, 2, 2, 1: ranks 1, 2, 2, 4.
    for (const [i, right] of [4, 2, 2, 1].entries())
      attempts.push(await takeExam(server.url, students[i]!.token, exam, firstN(right)));
  });

  it("ranks the exam's students in competition order with the contract's percentile", async () => {
    const got = await Promise.all(
      attempts.map(async (id, i) => {
        const res = await api.get(`/attempts/${id}/standing`, students[i]!.token);
        expect(res.status).toBe(200);
        return attemptStandingResponse.parse(res.body);
      }),
    );
    expect(got.map((g) => [g.rank, g.of, g.percentile])).toEqual([
      [1, 4, 75],
      [2, 4, 25],
      [2, 4, 25],
      [4, 4, 0],
    ]);
    expect(got[0]).toMatchObject({ score: 4, best: 4, maxScore: 4 });
    expect(got[3]!.distribution).toEqual({
      buckets: [
        { from: 0, to: 1, count: 0 },
        { from: 1, to: 2, count: 1 },
        { from: 2, to: 3, count: 2 },
        { from: 3, to: 4, count: 1 },
      ],
      you: 1,
    });
  });

  it("counts a student's best attempt once and places a weaker one as if it were their best", async () => {
    const s = students[3]!;
    const better = await takeExam(server.url, s.token, exam, firstN(3));
    const now = attemptStandingResponse.parse((await api.get(`/attempts/${better}/standing`, s.token)).body);
    expect([now.rank, now.of, now.percentile, now.best]).toEqual([2, 4, 50, 3]);
    const old = attemptStandingResponse.parse(
      (await api.get(`/attempts/${attempts[3]}/standing`, s.token)).body,
    );
    expect([old.rank, old.of, old.percentile, old.score, old.best]).toEqual([4, 4, 0, 1, 3]);
    // The others moved: the two 2-point students are now third.
    const second = attemptStandingResponse.parse(
      (await api.get(`/attempts/${attempts[1]}/standing`, students[1]!.token)).body,
    );
    expect([second.rank, second.percentile]).toEqual([3, 0]);
  });

  it("is for the owner and admins only: another student and a proctor get 404, like for the attempt itself", async () => {
    const db = server.ctx.db;
    const other = await createUser(db, "student");
    const proctor = await createUser(db, "proctor");
    const admin = await createUser(db, "admin");
    const id = attempts[0]!;
    expect((await api.get(`/attempts/${id}/standing`, other.token)).status).toBe(404);
    expect((await api.get(`/attempts/${id}/standing`, proctor.token)).status).toBe(404);
    expect((await api.get(`/attempts/${id}/standing`)).status).toBe(401);
    expect((await api.get(`/attempts/not-a-uuid/standing`, admin.token)).status).toBe(404);
    expect((await api.get(`/attempts/${crypto.randomUUID()}/standing`, admin.token)).status).toBe(404);
    const byAdmin = await api.get(`/attempts/${id}/standing`, admin.token);
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.body.rank).toBe(1);
  });

  it("answers 409 for an attempt still open and 403 to a student when the exam hides scores", async () => {
    const db = server.ctx.db;
    const s = await createUser(db, "student");
    const open = await takeExam(server.url, s.token, exam, firstN(1), { submit: false });
    const res = await api.get(`/attempts/${open}/standing`, s.token);
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe("conflict");

    const hidden = await createSubjectExam(db, {
      review: "none",
      sections: [{ subject: "Tarix", count: 2, points: 100 }],
    });
    const mine = await takeExam(server.url, s.token, hidden, firstN(1));
    const refused = await api.get(`/attempts/${mine}/standing`, s.token);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe("forbidden");
    const admin = await createUser(db, "admin");
    expect((await api.get(`/attempts/${mine}/standing`, admin.token)).body).toMatchObject({ rank: 1, of: 1 });
  });

  it("answers 409 for a terminated attempt: it is not a finish and is not counted", async () => {
    const db = server.ctx.db;
    const liveExam = await createSubjectExam(db, {
      mode: "live",
      sections: [{ subject: "Tarix", count: 2, points: 100 }],
    });
    const proctor = await createUser(db, "proctor");
    const sessionId = await createSession(db, liveExam.id, proctor.id);
    const s = await createUser(db, "student");
    const attempt = await db
      .insertInto("attempts")
      .values({
        exam_id: liveExam.id,
        session_id: sessionId,
        user_id: s.id,
        status: "terminated",
        started_at: new Date(),
        deadline_at: new Date(),
        submitted_at: new Date(),
        question_order: liveExam.questions.map((q) => q.id),
        option_order: "{}",
        score: 100,
        max_score: 200,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    expect((await api.get(`/attempts/${attempt.id}/standing`, s.token)).status).toBe(409);
  });
});

describe("GET /me/progress", () => {
  it("gives score over time and accuracy per subject, and the weakest subjects with open practice exams", async () => {
    const db = server.ctx.db;
    const s = await createUser(db, "student");
    // A DTM-like sheet over two subjects, taken twice; then a one-subject practice test.
    const sheet = await createSubjectExam(db, {
      title: "Sinov DTM",
      sections: [
        { subject: "Algebra", count: 4, points: 310 },
        { subject: "Fizika", count: 4, points: 210 },
      ],
    });
    const fizikaPractice = await createSubjectExam(db, {
      title: "Fizika mashqi",
      sections: [{ subject: "Fizika", count: 3, points: 100 }],
    });
    // Closed and hidden-score exams are never offered, and a hidden score never counted.
    await createSubjectExam(db, {
      title: "Yopilgan",
      closesAt: new Date(Date.now() - 60_000),
      sections: [{ subject: "Fizika", count: 3, points: 100 }],
    });
    const hidden = await createSubjectExam(db, {
      review: "none",
      sections: [{ subject: "Fizika", count: 2, points: 100 }],
    });

    // First sheet: Algebra 3/4, Fizika 1/4. Second: Algebra 4/4, Fizika 2/4 (one blank).
    const first = await takeExam(server.url, s.token, sheet, (q, i) => (q.section === 0 ? i < 3 : i === 4));
    const second = await takeExam(server.url, s.token, sheet, (q, i) =>
      q.section === 0 ? true : i === 4 || i === 5 ? true : i === 6 ? null : false,
    );
    await takeExam(server.url, s.token, hidden, firstN(0));
    await takeExam(server.url, s.token, fizikaPractice, firstN(1), { submit: false });

    const res = await api.get("/me/progress", s.token);
    expect(res.status).toBe(200);
    const p = myProgressResponse.parse(res.body);
    expect(p.attempts.map((a) => [a.attemptId, a.score, a.maxScore, a.percent])).toEqual([
      [first, 11.4, 20.8, 54.8],
      [second, 16.6, 20.8, 79.8],
    ]);
    const algebra = p.subjects.find((x) => x.name === "Algebra")!;
    const fizika = p.subjects.find((x) => x.name === "Fizika")!;
    expect(p.subjects).toHaveLength(2);
    expect(algebra).toMatchObject({ correct: 7, total: 8, accuracy: 87.5, score: 21.7, maxScore: 24.8 });
    expect(algebra.history.map((h) => h.percent)).toEqual([75, 100]);
    expect(fizika).toMatchObject({ correct: 3, total: 8, accuracy: 37.5 });
    expect(fizika.history.map((h) => [h.attemptId, h.examTitle, h.score, h.percent])).toEqual([
      [first, "Sinov DTM", 2.1, 25],
      [second, "Sinov DTM", 4.2, 50],
    ]);
    expect(p.topics).toEqual([]);
    // Fizika first (3/8), then Algebra (7/8); practice: the subject's own test before the full sheet.
    expect(p.weakest.map((w) => [w.kind, w.name, w.accuracy])).toEqual([
      ["subject", "Fizika", 37.5],
      ["subject", "Algebra", 87.5],
    ]);
    expect(p.weakest[0]!.practice.map((e) => e.title)).toEqual(["Fizika mashqi", "Sinov DTM"]);
    expect(p.weakest[1]!.practice.map((e) => e.examId)).toEqual([sheet.id]);
  });

  it("is empty for a newcomer and 401 without a token", async () => {
    const s = await createUser(server.ctx.db, "student");
    const res = await api.get("/me/progress", s.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ attempts: [], subjects: [], topics: [], weakest: [] });
    expect((await api.get("/me/progress")).status).toBe(401);
  });

  it("groups by topic once stored results carry a topic breakdown, and ranks the weakest topics", async () => {
    const db = server.ctx.db;
    const s = await createUser(db, "student");
    const exam = await createSubjectExam(db, {
      title: "Mavzular",
      sections: [{ subject: "Geometriya", count: 4, points: 100 }],
    });
    const a1 = await takeExam(server.url, s.token, exam, firstN(2));
    const a2 = await takeExam(server.url, s.token, exam, firstN(3));
    // The items branch stores `topics` with each result; this database gets the column the same way.
    await sql`alter table results add column if not exists topics jsonb`.execute(db);
    const breakdown = (circle: number, angles: number) => [
      {
        topicId: "t-circle",
        path: ["Geometriya", "Aylana"],
        score: circle * 100,
        maxScore: 200,
        correct: circle,
        total: 2,
      },
      {
        topicId: "t-angle",
        path: "Geometriya › Burchaklar",
        score: angles * 100,
        maxScore: 200,
        correct: angles,
        total: 2,
      },
      { topicId: 7, path: null, score: "bad" },
    ];
    await sql`update results set topics = ${JSON.stringify(breakdown(2, 0))}::jsonb where attempt_id = ${a1}`.execute(
      db,
    );
    await sql`update results set topics = ${JSON.stringify(breakdown(2, 1))}::jsonb where attempt_id = ${a2}`.execute(
      db,
    );

    const p = myProgressResponse.parse((await api.get("/me/progress", s.token)).body);
    expect(p.topics.map((t) => [t.topicId, t.path, t.correct, t.total, t.accuracy])).toEqual(
      [
        ["t-circle", "Geometriya › Aylana", 4, 4, 100],
        ["t-angle", "Geometriya › Burchaklar", 1, 4, 25],
      ].sort((x, y) => String(x[1]).localeCompare(String(y[1]))),
    );
    expect(p.topics.find((t) => t.topicId === "t-angle")!.history.map((h) => h.percent)).toEqual([0, 50]);
    // Only the topic with a wrong answer is weak; its practice exam is the one it was seen in.
    expect(p.weakest).toEqual([
      {
        kind: "topic",
        id: "t-angle",
        name: "Geometriya › Burchaklar",
        correct: 1,
        total: 4,
        accuracy: 25,
        practice: [{ examId: exam.id, title: "Mavzular", priceUzs: 0 }],
      },
    ]);
    expect(p.subjects.map((x) => [x.name, x.correct, x.total])).toEqual([["Geometriya", 5, 8]]);
  });
});
