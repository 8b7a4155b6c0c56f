import { directionsResponse, examDetailSchema, examListResponse } from "@imtihon/client-sdk/protocol";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  ADMIN,
  apiClient,
  loginAs,
  newExam,
  newStudent,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";

const MISSING = "00000000-0000-4000-8000-000000000000";

describe("catalogue", () => {
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

  it("needs a signed-in user", async () => {
    for (const path of ["/directions", "/exams", `/exams/${MISSING}`]) {
      expect((await api.get(path)).status).toBe(401);
    }
  });

  it("lists directions with their subjects in order", async () => {
    const { directionId, subjectId } = await newExam(api, admin);
    const res = await api.get("/directions", student);
    expect(res.status).toBe(200);
    const d = directionsResponse.parse(res.body).items.find((x) => x.id === directionId);
    expect(d?.subjects.map((s) => s.id)).toEqual([subjectId]);
  });

  it("lists published exams only, filters by direction, hides drafts from students", async () => {
    const pub = await newExam(api, admin, { questions: 4, points: 2.5 });
    const draft = await newExam(api, admin, { draft: true });
    const all = examListResponse.parse((await api.get("/exams", student)).body).items;
    expect(all.some((e) => e.id === pub.examId)).toBe(true);
    expect(all.some((e) => e.id === draft.examId)).toBe(false);
    const one = await api.get(`/exams?directionId=${pub.directionId}`, student);
    expect(one.body.items).toHaveLength(1);
    expect(Object.keys(one.body.items[0]).sort()).toEqual(
      [
        "id",
        "title",
        "directionId",
        "mode",
        "durationSeconds",
        "questionCount",
        "maxScore",
        "opensAt",
        "closesAt",
        "priceUzs",
      ].sort(),
    );
    expect(one.body.items[0]).toMatchObject({
      questionCount: 4,
      maxScore: 10,
      mode: "self_paced",
      priceUzs: 0,
    });
    expect((await api.get("/exams?directionId=nope", student)).status).toBe(400);
    expect((await api.get("/exams?other=1", student)).status).toBe(400);

    const detail = await api.get(`/exams/${pub.examId}`, student);
    expect(detail.status).toBe(200);
    const parsed = examDetailSchema.strict().parse(detail.body);
    expect(parsed.sections).toEqual([
      {
        title: "Fan",
        subjectId: pub.subjectId,
        questionCount: 4,
        pointsPerQuestion: 2.5,
        scoring: "all_or_nothing",
      },
    ]);

    expect((await api.get(`/exams/${draft.examId}`, student)).status).toBe(404);
    expect((await api.get(`/exams/${draft.examId}`, admin)).status).toBe(200);
    expect((await api.get(`/exams/${MISSING}`, student)).status).toBe(404);
    expect((await api.get(`/exams/not-a-uuid`, student)).status).toBe(404);
  });

  it("the cache is invalidated on publish and on direction creation", async () => {
    const draft = await newExam(api, admin, { draft: true });
    // Warm every cached view, then publish: each must show the exam at once.
    await api.get("/exams", student);
    await api.get(`/exams?directionId=${draft.directionId}`, student);
    expect((await api.get(`/exams/${draft.examId}`, student)).status).toBe(404);
    await api.post(`/admin/exams/${draft.examId}/publish`, undefined, admin);
    expect(
      (await api.get("/exams", student)).body.items.some((e: { id: string }) => e.id === draft.examId),
    ).toBe(true);
    expect((await api.get(`/exams?directionId=${draft.directionId}`, student)).body.items).toHaveLength(1);
    expect((await api.get(`/exams/${draft.examId}`, student)).status).toBe(200);

    const before = (await api.get("/directions", student)).body.items.length;
    await api.post("/admin/directions", { code: "cache-dir", name: "Kesh", subjectIds: [] }, admin);
    expect((await api.get("/directions", student)).body.items.length).toBe(before + 1);
  });

  it("serves from the cache: a row changed behind its back is not seen until invalidation", async () => {
    const e = await newExam(api, admin);
    expect((await api.get(`/exams/${e.examId}`, student)).body.title).toMatch(/^Imtihon/);
    await server.ctx.db
      .updateTable("exams")
      .set({ title: "changed behind the cache" })
      .where("id", "=", e.examId)
      .execute();
    expect((await api.get(`/exams/${e.examId}`, student)).body.title).toMatch(/^Imtihon/);
    await api.post("/admin/subjects", { code: "cache-subj", name: "Kesh" }, admin);
    expect((await api.get(`/exams/${e.examId}`, student)).body.title).toBe("changed behind the cache");
  });
});

describe("catalogue cache shared through Redis", () => {
  const redisUrl = inject("redisUrl");
  it.skipIf(!redisUrl)(
    "a publish on one node is seen by another node sharing the prefix (skipped without REDIS_URL)",
    async () => {
      const a = await startTestServer({ withRedis: true });
      const b = await startTestServer({
        withRedis: true,
        database: a.database,
        redisPrefix: a.ctx.config.redisPrefix,
      });
      try {
        const apiA = apiClient(a.url);
        const apiB = apiClient(b.url);
        const admin = await loginAs(apiA, ADMIN.email, ADMIN.password);
        const student = (await newStudent(apiA)).token;
        const draft = await newExam(apiA, admin, { draft: true });
        // B warms the shared cache with the exam missing.
        expect((await apiB.get("/exams", student)).body.items).toHaveLength(0);
        const key = (await a.ctx.redis!.keys(`${a.ctx.config.redisPrefix}:catalogue:*:exams:all`))[0];
        expect(key).toBeDefined();
        await apiA.post(`/admin/exams/${draft.examId}/publish`, undefined, admin);
        expect((await apiB.get("/exams", student)).body.items.map((e: { id: string }) => e.id)).toEqual([
          draft.examId,
        ]);
      } finally {
        await b.stop();
        await a.stop();
      }
    },
  );
});
