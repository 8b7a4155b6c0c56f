import { adminExamResponse, adminQuestionsResponse, directionSchema } from "@imtihon/client-sdk/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  apiClient,
  loginAs,
  newExam,
  newStudent,
  newSubjectWithQuestions,
  newUser,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";

let server: TestServer;
let api: ReturnType<typeof apiClient>;
let admin: string;
let student: string;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  admin = await loginAs(api, ADMIN.email, ADMIN.password);
  student = (await newStudent(api)).token;
});
afterAll(async () => {
  await server?.stop();
});

const MISSING = "00000000-0000-4000-8000-000000000000";

describe("admin routes refuse non-admins", () => {
  it.each([
    ["POST", "/admin/users"],
    ["POST", `/admin/users/${MISSING}/disable`],
    ["GET", "/admin/subjects"],
    ["POST", "/admin/subjects"],
    ["POST", "/admin/directions"],
    ["GET", "/admin/questions"],
    ["POST", "/admin/questions"],
    ["PUT", `/admin/questions/${MISSING}`],
    ["GET", "/admin/exams"],
    ["POST", "/admin/exams"],
    ["GET", `/admin/exams/${MISSING}`],
    ["POST", `/admin/exams/${MISSING}/publish`],
  ])("%s %s: 401 without a token, 403 for a student and a proctor", async (method, path) => {
    const proctor = (await newUser(api, admin, "proctor")).token;
    const body = method === "GET" ? undefined : {};
    expect((await api.call(method, path, body)).status).toBe(401);
    const res = await api.call(method, path, body, student);
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe("forbidden");
    expect((await api.call(method, path, body, proctor)).status).toBe(403);
  });
});

describe("subjects and directions", () => {
  it("creates them; duplicates are 409; unknown subjects are 400 with details", async () => {
    const s = await api.post("/admin/subjects", { code: "fizika-x", name: "Fizika" }, admin);
    expect(s.status).toBe(201);
    expect(s.body.subject).toMatchObject({ code: "fizika-x", name: "Fizika" });
    expect((await api.post("/admin/subjects", { code: "fizika-x", name: "Again" }, admin)).status).toBe(409);
    expect((await api.post("/admin/subjects", { code: "has space", name: "X" }, admin)).status).toBe(400);
    const listed = await api.get("/admin/subjects", admin);
    expect(listed.body.items.some((x: { code: string }) => x.code === "fizika-x")).toBe(true);

    const d = await api.post(
      "/admin/directions",
      { code: "dir-x", name: "Yo'nalish", subjectIds: [s.body.subject.id] },
      admin,
    );
    expect(d.status).toBe(201);
    expect(directionSchema.parse(d.body.direction).subjects).toEqual([s.body.subject]);
    expect(
      (await api.post("/admin/directions", { code: "dir-x", name: "Again", subjectIds: [] }, admin)).status,
    ).toBe(409);
    const unknown = await api.post(
      "/admin/directions",
      { code: "dir-y", name: "Y", subjectIds: [MISSING] },
      admin,
    );
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details[0].path).toEqual(["subjectIds", 0]);
    const twice = await api.post(
      "/admin/directions",
      { code: "dir-z", name: "Z", subjectIds: [s.body.subject.id, s.body.subject.id] },
      admin,
    );
    expect(twice.status).toBe(400);
  });
});

describe("questions", () => {
  it("creates a batch, ids in input order, and lists them with correct options for admins", async () => {
    const { subjectId, questionIds } = await newSubjectWithQuestions(api, admin, 5);
    expect(questionIds).toHaveLength(5);
    const list = await api.get(`/admin/questions?subjectId=${subjectId}`, admin);
    expect(list.status).toBe(200);
    const items = adminQuestionsResponse.parse(list.body).items;
    const byId = new Map(items.map((q) => [q.id, q]));
    questionIds.forEach((id, i) => expect(byId.get(id)?.stem).toBe(`${i + 1} + 1 = ?`));
    expect(items[0]?.correct).toEqual(["a"]);
    expect((await api.get(`/admin/questions?subjectId=${subjectId}&limit=2`, admin)).body.items).toHaveLength(
      2,
    );
    expect((await api.get(`/admin/questions?bogus=1`, admin)).status).toBe(400);
  });

  it("is all or nothing: one bad subject id stores nothing", async () => {
    const { subjectId } = await newSubjectWithQuestions(api, admin, 1);
    const item = {
      subjectId,
      kind: "single",
      stem: "?",
      options: [
        { id: "a", text: "1" },
        { id: "b", text: "2" },
      ],
      correct: ["a"],
    };
    const res = await api.post("/admin/questions", { items: [item, { ...item, subjectId: MISSING }] }, admin);
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toEqual(["items", 1, "subjectId"]);
    expect((await api.get(`/admin/questions?subjectId=${subjectId}`, admin)).body.items).toHaveLength(1);
  });

  it.each([
    ["correct not among options", { correct: ["z"] }],
    ["two correct on a single-choice question", { correct: ["a", "b"] }],
    [
      "duplicate option ids",
      {
        options: [
          { id: "a", text: "1" },
          { id: "a", text: "2" },
        ],
      },
    ],
    ["one option", { options: [{ id: "a", text: "1" }] }],
    ["a huge stem", { stem: "x".repeat(10_001) }],
    ["an unknown kind", { kind: "essay" }],
  ])("400 for %s", async (_name, patch) => {
    const item = {
      subjectId: MISSING,
      kind: "single",
      stem: "?",
      options: [
        { id: "a", text: "1" },
        { id: "b", text: "2" },
      ],
      correct: ["a"],
      ...patch,
    };
    const res = await api.post("/admin/questions", { items: [item] }, admin);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_payload");
    expect(res.body.error.details.length).toBeGreaterThan(0);
  });

  it("edits a draft's question in place; editing a published exam's question makes a new version", async () => {
    const draft = await newExam(api, admin, { draft: true });
    const qid = draft.questionIds[0]!;
    const edit = {
      kind: "multiple",
      stem: "Qaysilari juft?",
      options: [
        { id: "a", text: "2" },
        { id: "b", text: "3" },
        { id: "c", text: "4" },
      ],
      correct: ["a", "c"],
    };
    const ok = await api.call("PUT", `/admin/questions/${qid}`, edit, admin);
    expect(ok.status).toBe(200);
    expect(ok.body.question).toMatchObject({ id: qid, ...edit, frozen: false });
    expect(
      (await api.call("PUT", `/admin/questions/${qid}`, { ...edit, correct: ["q"] }, admin)).status,
    ).toBe(400);
    expect((await api.call("PUT", `/admin/questions/${MISSING}`, edit, admin)).status).toBe(404);

    expect((await api.post(`/admin/exams/${draft.examId}/publish`, undefined, admin)).status).toBe(200);
    const frozen = await api.call("PUT", `/admin/questions/${qid}`, { ...edit, stem: "changed" }, admin);
    expect(frozen.status).toBe(200);
    expect(frozen.body.question).toMatchObject({ stem: "changed", version: 2, familyId: qid, frozen: false });
    expect(frozen.body.question.id).not.toBe(qid);
    const stored = await server.ctx.db
      .selectFrom("questions")
      .select("stem")
      .where("id", "=", qid)
      .executeTakeFirstOrThrow();
    expect(stored.stem).toBe("Qaysilari juft?");
    const listed = await api.get(`/admin/questions?subjectId=${draft.subjectId}`, admin);
    const items = listed.body.items as { id: string; frozen: boolean }[];
    expect(items.map((q) => q.id)).not.toContain(qid);
    expect(items.filter((q) => !q.frozen).map((q) => q.id)).toEqual([frozen.body.question.id]);
    expect((await api.call("PUT", `/admin/questions/${qid}`, edit, admin)).status).toBe(409);
  });
});

describe("exams", () => {
  it("creates a draft with exact totals, lists it for admins, publishes idempotently", async () => {
    const a = await newSubjectWithQuestions(api, admin, 3);
    const b = await newSubjectWithQuestions(api, admin, 2);
    const res = await api.post(
      "/admin/exams",
      {
        title: "Sinov",
        mode: "live",
        durationSeconds: 1800,
        sections: [
          { title: "A", subjectId: a.subjectId, questionIds: a.questionIds, pointsPerQuestion: 3.1 },
          { title: "B", questionIds: b.questionIds, pointsPerQuestion: 2.1 },
        ],
        review: "full",
        priceUzs: 5000,
        opensAt: "2030-01-01T09:00:00+05:00",
      },
      admin,
    );
    expect(res.status).toBe(201);
    const exam = adminExamResponse.parse(res.body).exam;
    expect(exam).toMatchObject({
      status: "draft",
      questionCount: 5,
      maxScore: 13.5,
      mode: "live",
      review: "full",
      priceUzs: 5000,
      directionId: null,
      opensAt: "2030-01-01T04:00:00.000Z",
      closesAt: null,
    });
    expect(exam.sections.map((s) => [s.title, s.questionCount, s.pointsPerQuestion])).toEqual([
      ["A", 3, 3.1],
      ["B", 2, 2.1],
    ]);
    expect(exam.sections[0]?.questionIds).toEqual(a.questionIds);
    const row = await server.ctx.db
      .selectFrom("exams")
      .select("max_score")
      .where("id", "=", exam.id)
      .executeTakeFirstOrThrow();
    expect(row.max_score).toBe(1350);

    const list = await api.get("/admin/exams", admin);
    expect(list.body.items.find((e: { id: string }) => e.id === exam.id)?.status).toBe("draft");
    expect((await api.get(`/admin/exams/${exam.id}`, admin)).body.exam.id).toBe(exam.id);

    const p1 = await api.post(`/admin/exams/${exam.id}/publish`, undefined, admin);
    expect(p1.status).toBe(200);
    expect(p1.body.exam.status).toBe("published");
    const p2 = await api.post(`/admin/exams/${exam.id}/publish`, undefined, admin);
    expect(p2.status).toBe(200);
    expect(p2.body.exam.publishedAt).toBe(p1.body.exam.publishedAt);
    expect((await api.post(`/admin/exams/${MISSING}/publish`, undefined, admin)).status).toBe(404);
  });

  it("a full DTM-shaped sheet totals exactly 189", async () => {
    const parts = await Promise.all([10, 10, 10, 30, 30].map((n) => newSubjectWithQuestions(api, admin, n)));
    const points = [1.1, 1.1, 1.1, 3.1, 2.1];
    const res = await api.post(
      "/admin/exams",
      {
        title: "DTM",
        mode: "self_paced",
        durationSeconds: 3 * 3600,
        sections: parts.map((p, i) => ({
          title: `S${i}`,
          subjectId: p.subjectId,
          questionIds: p.questionIds,
          pointsPerQuestion: points[i],
        })),
      },
      admin,
    );
    expect(res.status).toBe(201);
    expect(res.body.exam.maxScore).toBe(189);
    expect(res.body.exam.questionCount).toBe(90);
    expect(res.text).toContain('"maxScore":189,');
  });

  it("refuses unknown references and questions of another subject, with details", async () => {
    const a = await newSubjectWithQuestions(api, admin, 2);
    const b = await newSubjectWithQuestions(api, admin, 1);
    const res = await api.post(
      "/admin/exams",
      {
        title: "Bad",
        directionId: MISSING,
        mode: "self_paced",
        durationSeconds: 600,
        sections: [
          {
            title: "A",
            subjectId: a.subjectId,
            questionIds: [a.questionIds[0], b.questionIds[0], MISSING],
            pointsPerQuestion: 1,
          },
        ],
      },
      admin,
    );
    expect(res.status).toBe(400);
    const paths = res.body.error.details.map((d: { path: unknown[] }) => d.path.join("."));
    expect(paths).toEqual(["directionId", "sections.0.questionIds.1", "sections.0.questionIds.2"]);
    expect(
      (await server.ctx.db.selectFrom("exams").select("id").where("title", "=", "Bad").execute()).length,
    ).toBe(0);
  });

  it.each([
    ["three decimals", { pointsPerQuestion: 1.111 }],
    ["a repeated question", { repeat: true }],
    ["no sections", { noSections: true }],
    ["a negative duration", { durationSeconds: -5 }],
    ["closesAt before opensAt", { opensAt: "2030-01-02T00:00:00Z", closesAt: "2030-01-01T00:00:00Z" }],
    ["an unknown field", { colour: "red" }],
  ])("400 for %s", async (_name, patch: Record<string, unknown>) => {
    const a = await newSubjectWithQuestions(api, admin, 1);
    const qid = a.questionIds[0]!;
    const { pointsPerQuestion = 1, repeat, noSections, ...rest } = patch;
    const body = {
      title: "T",
      mode: "self_paced",
      durationSeconds: 600,
      sections: noSections
        ? []
        : [{ title: "A", questionIds: repeat ? [qid, qid] : [qid], pointsPerQuestion }],
      ...rest,
    };
    const res = await api.post("/admin/exams", body, admin);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_payload");
  });
});
