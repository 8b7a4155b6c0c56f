import {
  ADMIN,
  loginAs,
  newSubjectWithQuestions,
  createExam,
  createUser,
  type ExamFixture,
  type TestUser,
  apiClient,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import {
  adminExamWithWarningsResponse,
  attemptCertificateResponse,
  certificateEstimateResponse,
  examStatsSchema,
} from "@imtihon/client-sdk/protocol";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { certificateGrade, scaleAbility } from "./certificate-scale.ts";
import { estimateRasch } from "./rasch.ts";

let server: TestServer;
let api: ReturnType<typeof apiClient>;
let admin: string;
let exam: ExamFixture;
const PERSONS = 80;
const ITEMS = 6;
const matrix = new Uint8Array(PERSONS * ITEMS);
const takers: { user: TestUser; attemptId: string }[] = [];

/** Deterministic responses: harder items later, abilities spread, a few all-right and all-wrong. */
function response(n: number, i: number): number {
  const ability = -2.5 + (5 * n) / (PERSONS - 1);
  const difficulty = -1.5 + (3 * i) / (ITEMS - 1);
  const noise = (((n * 7919 + i * 104729) % 1000) / 1000) * 0.999;
  return noise < 1 / (1 + Math.exp(difficulty - ability)) ? 1 : 0;
}

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
  admin = await loginAs(api, ADMIN.email, ADMIN.password);
  exam = await createExam(server.ctx.db, { sections: [{ title: "A", count: ITEMS, points: 100 }] });
  await server.ctx.db.updateTable("exams").set({ certificate: true }).where("id", "=", exam.id).execute();
  for (let n = 0; n < PERSONS; n++) {
    const user = await createUser(server.ctx.db);
    const { rows } = await sql<{ id: string }>`
      insert into attempts (exam_id, user_id, status, started_at, submitted_at, question_order, option_order, score, max_score)
      values (${exam.id}, ${user.id}, 'submitted', now(), now(), '{}', '{}'::jsonb, 0, ${exam.maxScore})
      returning id`.execute(server.ctx.db);
    const attemptId = rows[0]!.id;
    takers.push({ user, attemptId });
    const answers: { attempt_id: string; question_id: string; response: string; seq: number }[] = [];
    for (let i = 0; i < ITEMS; i++) {
      matrix[n * ITEMS + i] = response(n, i);
      // Every third wrong answer is left blank: unanswered counts as wrong, as the exam scores it.
      if (!response(n, i) && (n + i) % 3 === 0) continue;
      const q = exam.questions[i]!;
      answers.push({
        attempt_id: attemptId,
        question_id: q.id,
        response: JSON.stringify({ choice: response(n, i) ? q.correct : q.wrong }),
        seq: 1,
      });
    }
    if (answers.length) await server.ctx.db.insertInto("answers").values(answers).execute();
  }
});
afterAll(async () => {
  await server?.stop();
});

describe("certificate scaling over stored responses", () => {
  it("404 before any estimate: the exam's and an attempt's", async () => {
    expect((await api.get(`/admin/exams/${exam.id}/certificate`, admin)).status).toBe(404);
    const t = takers[0]!;
    expect((await api.get(`/attempts/${t.attemptId}/certificate`, t.user.token)).status).toBe(404);
  });

  it("estimates the same model as the numerical module on the same 0/1 matrix, and stores it", async () => {
    const res = await api.post(`/admin/exams/${exam.id}/certificate/estimate`, undefined, admin);
    expect(res.status).toBe(200);
    const est = certificateEstimateResponse.parse(res.body);
    const direct = estimateRasch(matrix, PERSONS, ITEMS);
    expect(est).toMatchObject({ examId: exam.id, method: "jml", persons: PERSONS, converged: true });
    expect(est.extremePersons).toBe(direct.persons.filter((p) => p.extreme).length);
    expect(est.extremePersons).toBeGreaterThan(0);
    est.items.forEach((it, i) => {
      expect(it.questionId).toBe(exam.questions[i]!.id);
      expect(it.difficulty!).toBeCloseTo(direct.items[i]!.difficulty, 4);
      expect(it.infit!).toBeCloseTo(direct.items[i]!.infit!, 4);
    });
    // Harder items (later ones) come out harder.
    expect(est.items[0]!.difficulty!).toBeLessThan(est.items[ITEMS - 1]!.difficulty!);
    const stored = await api.get(`/admin/exams/${exam.id}/certificate`, admin);
    expect(certificateEstimateResponse.parse(stored.body)).toEqual(est);
  });

  it("gives each student their scaled score and grade; nobody else sees it", async () => {
    const direct = estimateRasch(matrix, PERSONS, ITEMS);
    for (const n of [0, 40, PERSONS - 1]) {
      const t = takers[n]!;
      const res = await api.get(`/attempts/${t.attemptId}/certificate`, t.user.token);
      expect(res.status).toBe(200);
      const c = attemptCertificateResponse.parse(res.body);
      expect(c.ability).toBeCloseTo(direct.persons[n]!.ability, 4);
      expect(c.scaled).toBe(scaleAbility(direct.persons[n]!.ability));
      expect(c.grade).toBe(certificateGrade(c.scaled));
      expect(c.extreme).toBe(direct.persons[n]!.extreme);
    }
    const t = takers[1]!;
    expect((await api.get(`/attempts/${t.attemptId}/certificate`, takers[2]!.user.token)).status).toBe(404);
    expect((await api.get(`/attempts/${t.attemptId}/certificate`, admin)).status).toBe(200);
  });

  it("shows difficulty, infit and outfit per question on the admin's statistics page", async () => {
    const stats = examStatsSchema.parse((await api.get(`/exams/${exam.id}/stats`, admin)).body);
    const est = certificateEstimateResponse.parse(
      (await api.get(`/admin/exams/${exam.id}/certificate`, admin)).body,
    );
    stats.questions.forEach((q, i) => {
      expect(q.difficulty).toBe(est.items[i]!.difficulty);
      expect(q.infit).toBe(est.items[i]!.infit);
      expect(q.outfit).toBe(est.items[i]!.outfit);
    });
  });

  it("re-estimating replaces the stored scores (one row per attempt)", async () => {
    await api.post(`/admin/exams/${exam.id}/certificate/estimate`, undefined, admin);
    const rows = await server.ctx.db
      .selectFrom("certificate_scores")
      .select("attempt_id")
      .where("exam_id", "=", exam.id)
      .execute();
    expect(rows).toHaveLength(PERSONS);
  });

  it("409 for an exam that is not certificate-style or has too few responses; 404 unknown; 403 for students", async () => {
    const plain = await createExam(server.ctx.db);
    const r1 = await api.post(`/admin/exams/${plain.id}/certificate/estimate`, undefined, admin);
    expect(r1.status).toBe(409);
    expect(r1.body.error.details).toEqual({ reason: "not_certificate" });
    const empty = await createExam(server.ctx.db);
    await server.ctx.db.updateTable("exams").set({ certificate: true }).where("id", "=", empty.id).execute();
    const r2 = await api.post(`/admin/exams/${empty.id}/certificate/estimate`, undefined, admin);
    expect(r2.status).toBe(409);
    expect(r2.body.error.details).toEqual({ reason: "too_few_responses" });
    const missing = "00000000-0000-4000-8000-000000000000";
    expect((await api.post(`/admin/exams/${missing}/certificate/estimate`, undefined, admin)).status).toBe(
      404,
    );
    const student = takers[0]!.user;
    expect(
      (await api.post(`/admin/exams/${exam.id}/certificate/estimate`, undefined, student.token)).status,
    ).toBe(403);
    expect((await api.get(`/admin/exams/${exam.id}/certificate`, student.token)).status).toBe(403);
  });

  it("the builder's flag: an exam created with certificate: true says so", async () => {
    const { subjectId, questionIds } = await newSubjectWithQuestions(api, admin, 2);
    const res = await api.post(
      "/admin/exams",
      {
        title: "Milliy sertifikat mashqi",
        mode: "self_paced",
        durationSeconds: 600,
        certificate: true,
        sections: [{ title: "A", subjectId, questionIds, pointsPerQuestion: 1 }],
      },
      admin,
    );
    expect(res.status).toBe(201);
    expect(adminExamWithWarningsResponse.parse(res.body).exam.certificate).toBe(true);
    const plain = await api.post(
      "/admin/exams",
      {
        title: "Oddiy",
        mode: "self_paced",
        durationSeconds: 600,
        sections: [{ title: "A", subjectId, questionIds, pointsPerQuestion: 1 }],
      },
      admin,
    );
    expect(adminExamWithWarningsResponse.parse(plain.body).exam.certificate).toBe(false);
  });
});
