import { createExamClient } from "@imtihon/client-sdk";
import { adminExamResponse } from "@imtihon/client-sdk/protocol";
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
