import { sessionListResponse, sessionResponse } from "@imtihon/client-sdk/protocol";
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

describe("live sessions", () => {
  it("a proctor opens a lobby for a published live exam and reads it back", async () => {
    const proctor = await newUser(api, admin, "proctor");
    const { examId } = await newExam(api, admin, { mode: "live" });
    const res = await api.post("/sessions", { examId }, proctor.token);
    expect(res.status).toBe(201);
    const { session } = sessionResponse.parse(res.body);
    expect(session).toMatchObject({
      examId,
      state: "lobby",
      proctorId: proctor.id,
      startedAt: null,
      deadline: null,
    });

    expect((await api.get(`/sessions/${session.id}`, proctor.token)).body.session).toEqual(session);
    expect((await api.get(`/sessions/${session.id}`, admin)).status).toBe(200);
    const other = await newUser(api, admin, "proctor");
    const foreign = await api.get(`/sessions/${session.id}`, other.token);
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.code).toBe("forbidden");
    const student = await newStudent(api);
    expect((await api.get(`/sessions/${session.id}`, student.token)).status).toBe(403);
    expect((await api.get(`/sessions/00000000-0000-4000-8000-000000000000`, proctor.token)).status).toBe(404);
    expect((await api.get(`/sessions/${session.id}`)).status).toBe(401);

    const mine = sessionListResponse.parse((await api.get("/sessions", proctor.token)).body).items;
    expect(mine.map((s) => s.id)).toEqual([session.id]);
    expect((await api.get("/sessions", other.token)).body.items).toEqual([]);
    expect(
      (await api.get("/sessions", admin)).body.items.some((s: { id: string }) => s.id === session.id),
    ).toBe(true);
    expect((await api.get("/sessions", student.token)).status).toBe(403);
  });

  it("409 for a self-paced or draft exam, 404 for an unknown one, 403 for a student, 400 for bad bodies", async () => {
    const proctor = await newUser(api, admin, "proctor");
    const selfPaced = await newExam(api, admin, { mode: "self_paced" });
    const draft = await newExam(api, admin, { mode: "live", draft: true });
    const sp = await api.post("/sessions", { examId: selfPaced.examId }, proctor.token);
    expect(sp.status).toBe(409);
    expect(sp.body.error.code).toBe("conflict");
    expect(sp.body.error.details).toEqual({ reason: "not_live" });
    expect((await api.post("/sessions", { examId: draft.examId }, proctor.token)).status).toBe(409);
    expect(
      (await api.post("/sessions", { examId: "00000000-0000-4000-8000-000000000000" }, proctor.token)).status,
    ).toBe(404);
    const student = await newStudent(api);
    expect((await api.post("/sessions", { examId: selfPaced.examId }, student.token)).status).toBe(403);
    for (const body of [{}, { examId: 5 }, { examId: "x" }, { examId: selfPaced.examId, extra: 1 }]) {
      const res = await api.post("/sessions", body, proctor.token);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe("invalid_payload");
    }
  });
});
