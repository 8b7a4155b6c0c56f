import { createExamClient, memoryStorage } from "@imtihon/client-sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiClient, createUser, startTestServer, type TestServer } from "@imtihon/testing";

// The seeded catalogue through the real server: what a student sees, and that the stored answer
// key scores a perfect DTM sheet at exactly 189.
describe("the demo catalogue on a running server", () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ seedDemo: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("lists the DTM exams and the 10-minute demo, with sections and directions", async () => {
    const student = await createUser(server.ctx.db);
    const api = apiClient(server.url);
    const list = await api.get("/exams", student.token);
    expect(list.status).toBe(200);
    const items = list.body.items as { id: string; title: string; questionCount: number; maxScore: number }[];
    const dtm = items.filter((e) => e.questionCount === 90);
    expect(dtm).toHaveLength(2);
    for (const e of dtm) expect(e.maxScore).toBe(189);
    expect(items.find((e) => e.title === "Demo imtihon (10 daqiqa)")).toMatchObject({ questionCount: 10 });

    const detail = await api.get(`/exams/${dtm[0]?.id}`, student.token);
    expect(detail.status).toBe(200);
    expect(
      (detail.body.sections as { questionCount: number; pointsPerQuestion: number }[]).map((s) => [
        s.questionCount,
        s.pointsPerQuestion,
      ]),
    ).toEqual([
      [10, 1.1],
      [10, 1.1],
      [10, 1.1],
      [30, 3.1],
      [30, 2.1],
    ]);
    expect(detail.text).not.toMatch(/correct/i);

    const directions = await api.get("/directions", student.token);
    const codes = (directions.body.items as { code: string; subjects: { code: string }[] }[]).map((d) => [
      d.code,
      d.subjects.map((s) => s.code),
    ]);
    expect(codes).toEqual(
      expect.arrayContaining([
        ["dasturiy-injiniring", ["matematika", "fizika"]],
        ["davolash-ishi", ["biologiya", "kimyo"]],
      ]),
    );
  });

  it.each(["dasturiy-injiniring", "davolash-ishi"])(
    "a sheet answered from the stored key scores 189 on the %s exam",
    async (direction) => {
      const exam = await server.ctx.db
        .selectFrom("exams as e")
        .innerJoin("directions as d", "d.id", "e.direction_id")
        .select("e.id")
        .where("d.code", "=", direction)
        .where("e.question_count", "=", 90)
        .executeTakeFirstOrThrow();
      const key = await server.ctx.db
        .selectFrom("exam_questions as eq")
        .innerJoin("questions as q", "q.id", "eq.question_id")
        .select(["q.id", "q.correct"])
        .where("eq.exam_id", "=", exam.id)
        .execute();
      const correct = new Map(key.map((k) => [k.id, k.correct[0] as string]));

      const student = await createUser(server.ctx.db);
      const client = createExamClient({
        url: server.url,
        getToken: () => student.token,
        storage: memoryStorage(),
      });
      try {
        const attempt = await client.startAttempt({ examId: exam.id });
        expect(attempt.questions).toHaveLength(90);
        await Promise.all(
          attempt.questions.map((q) => attempt.save(q.id, { choice: correct.get(q.id) ?? "" })),
        );
        const { status, result } = await attempt.submit();
        expect(status).toBe("submitted");
        expect(result?.score).toBe(189);
        expect(result?.maxScore).toBe(189);
        expect(result?.sections.map((s) => [s.correct, s.total])).toEqual([
          [10, 10],
          [10, 10],
          [10, 10],
          [30, 30],
          [30, 30],
        ]);
      } finally {
        client.close();
      }
    },
  );
});
