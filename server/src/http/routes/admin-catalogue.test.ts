import { createExamClient } from "@imtihon/client-sdk";
import {
  adminExamResponse,
  adminExamWithWarningsResponse,
  type AdminExam,
} from "@imtihon/client-sdk/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN,
  apiClient,
  loginAs,
  newExam,
  newStudent,
  newUser,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";

let server: TestServer;
let api: ReturnType<typeof apiClient>;
let admin: string;
beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  admin = await loginAs(api, ADMIN.email, ADMIN.password);
});
afterAll(async () => {
  await server?.stop();
});

describe("admin console: exams", () => {
  it("duplicates an exam into a draft with the same sections; the original is unchanged", async () => {
    const e = await newExam(api, admin, { questions: 3, points: 1.5 });
    const before = (await api.get(`/admin/exams/${e.examId}`, admin)).body.exam;
    const res = await api.post(`/admin/exams/${e.examId}/duplicate`, undefined, admin);
    expect(res.status).toBe(201);
    const copy = adminExamResponse.parse(res.body).exam;
    expect(copy.id).not.toBe(e.examId);
    expect(copy).toMatchObject({
      status: "draft",
      title: `${before.title} (nusxa)`,
      maxScore: 4.5,
      mode: before.mode,
      directionId: before.directionId,
    });
    expect(copy.sections.map((s) => s.questionIds)).toEqual(
      before.sections.map((s: { questionIds: string[] }) => s.questionIds),
    );
    expect((await api.get(`/admin/exams/${e.examId}`, admin)).body.exam).toEqual(before);
  });

  it("closes a published exam now: students can no longer start it; drafts and closed exams are 409", async () => {
    const e = await newExam(api, admin);
    const student = await newStudent(api, "closed");
    const res = await api.post(`/admin/exams/${e.examId}/close`, undefined, admin);
    expect(res.status).toBe(200);
    const closed = adminExamResponse.parse(res.body).exam;
    expect(Date.parse(closed.closesAt!)).toBeLessThanOrEqual(Date.now() + 1000);
    const client = createExamClient({ url: server.url, getToken: () => student.token });
    try {
      await expect(client.startAttempt({ examId: e.examId })).rejects.toMatchObject({ code: "exam_closed" });
    } finally {
      client.close();
    }
    const again = await api.post(`/admin/exams/${e.examId}/close`, undefined, admin);
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual({ reason: "closed" });
    const draft = await newExam(api, admin, { draft: true });
    const d = await api.post(`/admin/exams/${draft.examId}/close`, undefined, admin);
    expect(d.status).toBe(409);
    expect(d.body.error.details).toEqual({ reason: "draft" });
    expect((await api.get(`/admin/exams/${draft.examId}`, admin)).body.exam.closesAt).toBeNull();
  });

  it("404 for unknown exams, 403 for proctors and students (nothing created or closed)", async () => {
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await api.post(`/admin/exams/${missing}/duplicate`, undefined, admin)).status).toBe(404);
    expect((await api.post(`/admin/exams/${missing}/close`, undefined, admin)).status).toBe(404);
    expect((await api.post(`/admin/exams/nope/close`, undefined, admin)).status).toBe(404);
    const e = await newExam(api, admin);
    const count = async () => (await api.get("/admin/exams", admin)).body.items.length as number;
    const n = await count();
    const proctor = await newUser(api, admin, "proctor");
    const student = await newStudent(api, "no");
    for (const token of [proctor.token, student.token]) {
      expect((await api.post(`/admin/exams/${e.examId}/duplicate`, undefined, token)).status).toBe(403);
      expect((await api.post(`/admin/exams/${e.examId}/close`, undefined, token)).status).toBe(403);
    }
    expect(await count()).toBe(n);
    expect((await api.get(`/admin/exams/${e.examId}`, admin)).body.exam.closesAt).toBeNull();
  });
});

/** The body `POST /admin/exams` takes, rebuilt from an admin view with `patch` on top. */
function bodyOf(exam: AdminExam, patch: Record<string, unknown> = {}) {
  return {
    title: exam.title,
    ...(exam.directionId ? { directionId: exam.directionId } : {}),
    mode: exam.mode,
    durationSeconds: exam.durationSeconds,
    sections: exam.sections.map((s) => ({
      title: s.title,
      ...(s.subjectId ? { subjectId: s.subjectId } : {}),
      questionIds: s.questionIds,
      pointsPerQuestion: s.pointsPerQuestion,
    })),
    ...patch,
  };
}

describe("admin console: editing drafts (PUT /admin/exams/:id)", () => {
  it("replaces a draft's settings and sections; totals are computed again", async () => {
    const e = await newExam(api, admin, { draft: true, questions: 4 });
    const before = adminExamResponse.parse((await api.get(`/admin/exams/${e.examId}`, admin)).body).exam;
    const closesAt = new Date(Date.now() + 86_400_000).toISOString();
    const res = await api.call(
      "PUT",
      `/admin/exams/${e.examId}`,
      bodyOf(before, {
        title: "Tahrirlangan imtihon",
        durationSeconds: 1200,
        review: "full",
        maxAttempts: 2,
        closesAt,
        shuffleOptions: true,
        sections: [
          {
            title: "Birinchi",
            subjectId: e.subjectId,
            questionIds: e.questionIds.slice(0, 1),
            pointsPerQuestion: 2.5,
          },
          {
            title: "Ikkinchi",
            subjectId: e.subjectId,
            questionIds: e.questionIds.slice(2),
            pointsPerQuestion: 1,
          },
        ],
      }),
      admin,
    );
    expect(res.status).toBe(200);
    const after = adminExamWithWarningsResponse.parse(res.body).exam;
    expect(after).toMatchObject({
      id: e.examId,
      status: "draft",
      title: "Tahrirlangan imtihon",
      durationSeconds: 1200,
      review: "full",
      maxAttempts: 2,
      shuffleOptions: true,
      questionCount: 3,
      maxScore: 4.5,
    });
    expect(Date.parse(after.closesAt!)).toBe(Date.parse(closesAt));
    expect(after.sections.map((s) => [s.title, s.questionIds, s.pointsPerQuestion])).toEqual([
      ["Birinchi", e.questionIds.slice(0, 1), 2.5],
      ["Ikkinchi", e.questionIds.slice(2), 1],
    ]);
    expect((await api.get(`/admin/exams/${e.examId}`, admin)).body.exam).toEqual(after);
    // The edited draft publishes like any other and students get the edited questions.
    expect((await api.post(`/admin/exams/${e.examId}/publish`, undefined, admin)).status).toBe(200);
    const detail = (await api.get(`/exams/${e.examId}`, (await newStudent(api, "ed")).token)).body;
    expect(detail.sections.map((s: { questionCount: number }) => s.questionCount)).toEqual([1, 2]);
  });

  it("bad input changes nothing: an invalid body, an unknown question, a question of another subject", async () => {
    const e = await newExam(api, admin, { draft: true });
    const other = await newExam(api, admin, { draft: true });
    const before = adminExamResponse.parse((await api.get(`/admin/exams/${e.examId}`, admin)).body).exam;
    const bad = [
      bodyOf(before, { title: "   " }),
      bodyOf(before, { sections: [] }),
      bodyOf(before, { durationSeconds: 5 }),
      bodyOf(before, { extra: 1 }),
      bodyOf(before, {
        sections: [
          {
            title: "X",
            subjectId: e.subjectId,
            questionIds: ["00000000-0000-4000-8000-000000000000"],
            pointsPerQuestion: 1,
          },
        ],
      }),
      bodyOf(before, {
        sections: [
          { title: "X", subjectId: e.subjectId, questionIds: other.questionIds, pointsPerQuestion: 1 },
        ],
      }),
    ];
    for (const body of bad) {
      const res = await api.call("PUT", `/admin/exams/${e.examId}`, body, admin);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("invalid_payload");
    }
    expect((await api.call("PUT", `/admin/exams/${e.examId}`, "{not json", admin)).status).toBe(400);
    expect((await api.get(`/admin/exams/${e.examId}`, admin)).body.exam).toEqual(before);
  });

  it("a published exam is 409 `published` and unchanged; 404 unknown; 403 for proctors and students", async () => {
    const e = await newExam(api, admin);
    const before = adminExamResponse.parse((await api.get(`/admin/exams/${e.examId}`, admin)).body).exam;
    const res = await api.call("PUT", `/admin/exams/${e.examId}`, bodyOf(before, { title: "Yangi" }), admin);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "conflict", details: { reason: "published" } });
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await api.call("PUT", `/admin/exams/${missing}`, bodyOf(before), admin)).status).toBe(404);
    const draft = await newExam(api, admin, { draft: true });
    const draftBefore = (await api.get(`/admin/exams/${draft.examId}`, admin)).body.exam;
    const proctor = await newUser(api, admin, "proctor");
    const student = await newStudent(api, "put");
    for (const token of [proctor.token, student.token]) {
      const r = await api.call(
        "PUT",
        `/admin/exams/${draft.examId}`,
        bodyOf(draftBefore, { title: "Men" }),
        token,
      );
      expect(r.status).toBe(403);
    }
    expect((await api.call("PUT", `/admin/exams/${draft.examId}`, bodyOf(draftBefore))).status).toBe(401);
    expect((await api.get(`/admin/exams/${draft.examId}`, admin)).body.exam).toEqual(draftBefore);
    expect((await api.get(`/admin/exams/${e.examId}`, admin)).body.exam).toEqual(before);
  });
});

describe("admin console: unpublish while nobody has started, close keeps results", () => {
  it("takes an unstarted exam back to a draft: gone from the catalogue, editable, publishable again", async () => {
    const e = await newExam(api, admin);
    const student = await newStudent(api, "unpub");
    const listed = async () =>
      ((await api.get("/exams", student.token)).body.items as { id: string }[]).some(
        (x) => x.id === e.examId,
      );
    expect(await listed()).toBe(true);
    const res = await api.post(`/admin/exams/${e.examId}/unpublish`, undefined, admin);
    expect(res.status).toBe(200);
    const exam = adminExamResponse.parse(res.body).exam;
    expect(exam).toMatchObject({ status: "draft", publishedAt: null });
    expect(await listed()).toBe(false);
    expect((await api.get(`/exams/${e.examId}`, student.token)).status).toBe(404);
    const again = await api.post(`/admin/exams/${e.examId}/unpublish`, undefined, admin);
    expect(again.status).toBe(409);
    expect(again.body.error.details).toEqual({ reason: "draft" });
    const edit = await api.call("PUT", `/admin/exams/${e.examId}`, bodyOf(exam, { title: "Qayta" }), admin);
    expect(edit.status).toBe(200);
    expect((await api.post(`/admin/exams/${e.examId}/publish`, undefined, admin)).status).toBe(200);
    expect(await listed()).toBe(true);
  });

  it("refuses once a student started it (409 `started`) or a session exists; nothing changes", async () => {
    const e = await newExam(api, admin);
    const student = await newStudent(api, "started");
    const client = createExamClient({ url: server.url, getToken: () => student.token });
    try {
      await client.startAttempt({ examId: e.examId });
    } finally {
      client.close();
    }
    const res = await api.post(`/admin/exams/${e.examId}/unpublish`, undefined, admin);
    expect(res.status).toBe(409);
    expect(res.body.error).toMatchObject({ code: "conflict", details: { reason: "started" } });
    expect((await api.get(`/admin/exams/${e.examId}`, admin)).body.exam.status).toBe("published");

    const live = await newExam(api, admin, { mode: "live" });
    expect((await api.post("/sessions", { examId: live.examId }, admin)).status).toBe(201);
    const l = await api.post(`/admin/exams/${live.examId}/unpublish`, undefined, admin);
    expect(l.status).toBe(409);
    expect(l.body.error.details).toEqual({ reason: "started" });
  });

  it("403 for proctors and students, 404 for unknown exams; nothing unpublished", async () => {
    const e = await newExam(api, admin);
    const proctor = await newUser(api, admin, "proctor");
    const student = await newStudent(api, "unp403");
    for (const token of [proctor.token, student.token])
      expect((await api.post(`/admin/exams/${e.examId}/unpublish`, undefined, token)).status).toBe(403);
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await api.post(`/admin/exams/${missing}/unpublish`, undefined, admin)).status).toBe(404);
    expect((await api.get(`/admin/exams/${e.examId}`, admin)).body.exam.status).toBe("published");
  });

  it("closing an exam someone is taking stops new starts at once (the node's cached copy is dropped); results stay", async () => {
    const e = await newExam(api, admin);
    const [first, second] = [await newStudent(api, "c1"), await newStudent(api, "c2")];
    const one = createExamClient({ url: server.url, getToken: () => first.token });
    const two = createExamClient({ url: server.url, getToken: () => second.token });
    try {
      // The first start loads the exam into this node's content cache.
      const attempt = await one.startAttempt({ examId: e.examId });
      expect((await api.post(`/admin/exams/${e.examId}/close`, undefined, admin)).status).toBe(200);
      await expect(two.startAttempt({ examId: e.examId })).rejects.toMatchObject({ code: "exam_closed" });
      await attempt.save(attempt.questions[0]!.id, { choice: "a" });
      await attempt.submit();
      const mine = (await api.get(`/attempts/${attempt.id}`, first.token)).body;
      expect(mine.attempt.status).toBe("submitted");
    } finally {
      one.close();
      two.close();
    }
  });

  it("an exam unpublished after a refused start is read again when published again (no stale copy)", async () => {
    const e = await newExam(api, admin, { questions: 3 });
    const before = adminExamResponse.parse((await api.get(`/admin/exams/${e.examId}`, admin)).body).exam;
    // A student who may not start it (a started attempt would forbid the unpublish) still has the
    // node load and cache it: the window is not open yet.
    const future = new Date(Date.now() + 86_400_000).toISOString();
    expect((await api.post(`/admin/exams/${e.examId}/unpublish`, undefined, admin)).status).toBe(200);
    await api.call("PUT", `/admin/exams/${e.examId}`, bodyOf(before, { opensAt: future }), admin);
    expect((await api.post(`/admin/exams/${e.examId}/publish`, undefined, admin)).status).toBe(200);
    const student = await newStudent(api, "stale");
    const client = createExamClient({ url: server.url, getToken: () => student.token });
    try {
      await expect(client.startAttempt({ examId: e.examId })).rejects.toMatchObject({ code: "exam_closed" });
      expect((await api.post(`/admin/exams/${e.examId}/unpublish`, undefined, admin)).status).toBe(200);
      const edited = bodyOf(before, {
        sections: [
          {
            title: "Faqat bitta",
            subjectId: e.subjectId,
            questionIds: e.questionIds.slice(0, 1),
            pointsPerQuestion: 1,
          },
        ],
      });
      expect((await api.call("PUT", `/admin/exams/${e.examId}`, edited, admin)).status).toBe(200);
      expect((await api.post(`/admin/exams/${e.examId}/publish`, undefined, admin)).status).toBe(200);
      const attempt = await client.startAttempt({ examId: e.examId });
      expect(attempt.questions.map((q) => q.id)).toEqual(e.questionIds.slice(0, 1));
    } finally {
      client.close();
    }
  });
});
