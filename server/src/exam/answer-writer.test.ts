import { connect, type DbHandle } from "@imtihon/db";
import { afterAll, beforeAll, expect, test } from "vitest";
import { AppError } from "../errors.ts";
import { createLogger } from "../infra/logger.ts";
import { createMetrics } from "../infra/metrics.ts";
import {
  createExam,
  createTestDatabase,
  createUser,
  type ExamFixture,
  type TestDatabase,
} from "@imtihon/testing";
import { AnswerWriter } from "./answer-writer.ts";

let database: TestDatabase;
let handle: DbHandle;
let exam: ExamFixture;
const log = createLogger("silent");

async function openAttempt() {
  const user = await createUser(handle.db);
  const row = await handle.db
    .insertInto("attempts")
    .values({
      exam_id: exam.id,
      session_id: null,
      user_id: user.id,
      status: "in_progress",
      started_at: new Date(),
      deadline_at: new Date(Date.now() + 600_000),
      paused_at: null,
      submitted_at: null,
      question_order: exam.questions.map((q) => q.id),
      option_order: "{}",
      score: null,
      max_score: exam.maxScore,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

beforeAll(async () => {
  database = await createTestDatabase();
  handle = connect(database.url, { max: 5 });
  exam = await createExam(handle.db, { sections: [{ title: "A", count: 10, points: 100 }] });
});
afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

test("saves of one batch are written as one statement; the highest seq of a key wins, the others are stale", async () => {
  const metrics = createMetrics();
  const writer = new AnswerWriter(handle.sql, log, metrics, { maxDelayMs: 20 });
  const attemptId = await openAttempt();
  const [q1, q2] = exam.questions;
  const outcomes = await Promise.all([
    writer.enqueue({ attemptId, questionId: q1!.id, response: { choice: "a" }, seq: 1 }),
    writer.enqueue({ attemptId, questionId: q1!.id, response: { choice: "c" }, seq: 3 }),
    writer.enqueue({ attemptId, questionId: q1!.id, response: { choice: "b" }, seq: 2 }),
    writer.enqueue({ attemptId, questionId: q2!.id, response: { choice: "d" }, seq: 7 }),
  ]);
  expect(outcomes.map((o) => o.kind)).toEqual(["stale", "saved", "stale", "saved"]);
  expect(outcomes[0]).toMatchObject({ kind: "stale", seq: 3 });
  const rows = await handle.db
    .selectFrom("answers")
    .select(["question_id", "response", "seq"])
    .where("attempt_id", "=", attemptId)
    .execute();
  expect(new Map(rows.map((r) => [r.question_id, [r.response, r.seq]]))).toEqual(
    new Map([
      [q1!.id, [{ choice: "c" }, 3]],
      [q2!.id, [{ choice: "d" }, 7]],
    ]),
  );
  const batches = (await metrics.flushBatchSize.get()).values.find((v) => v.metricName?.endsWith("_count"));
  expect(batches?.value).toBe(1);
  await writer.close();
});

test("beyond its bound the queue refuses with unavailable instead of growing", async () => {
  const writer = new AnswerWriter(handle.sql, log, createMetrics(), {
    maxQueue: 5,
    maxBatch: 1000,
    maxDelayMs: 50,
  });
  const attemptId = await openAttempt();
  const results = await Promise.allSettled(
    exam.questions.map((q) =>
      writer.enqueue({ attemptId, questionId: q.id, response: { choice: "a" }, seq: 1 }),
    ),
  );
  const refused = results.filter((r) => r.status === "rejected");
  expect(refused).toHaveLength(5);
  for (const r of refused) expect((r as PromiseRejectedResult).reason).toMatchObject({ code: "unavailable" });
  expect(results.filter((r) => r.status === "fulfilled" && r.value.kind === "saved")).toHaveLength(5);
  const stored = await handle.db
    .selectFrom("answers")
    .select("question_id")
    .where("attempt_id", "=", attemptId)
    .execute();
  expect(stored).toHaveLength(5);
  await writer.close();
});

test("close() writes everything queued, then refuses new saves", async () => {
  const writer = new AnswerWriter(handle.sql, log, createMetrics(), { maxDelayMs: 10_000, maxBatch: 1000 });
  const attemptId = await openAttempt();
  const pending = exam.questions.map((q) =>
    writer.enqueue({ attemptId, questionId: q.id, response: { choice: "b" }, seq: 1 }),
  );
  await writer.close();
  expect((await Promise.all(pending)).every((o) => o.kind === "saved")).toBe(true);
  await expect(
    writer.enqueue({ attemptId, questionId: exam.questions[0]!.id, response: { choice: "a" }, seq: 2 }),
  ).rejects.toBeInstanceOf(AppError);
});

test("a batch that cannot reach Postgres acks nothing: every save rejects with unavailable", async () => {
  const dead = connect("postgres://postgres@127.0.0.1:1/nothing", { max: 1 });
  const writer = new AnswerWriter(dead.sql, log, createMetrics(), { maxDelayMs: 1 });
  const attemptId = await openAttempt();
  await expect(
    writer.enqueue({ attemptId, questionId: exam.questions[0]!.id, response: { choice: "a" }, seq: 1 }),
  ).rejects.toMatchObject({ name: "AppError", code: "unavailable" });
  await writer.close();
  await dead.close();
});

test("an upper-case attempt id is matched to its result row: saved, not not_found", async () => {
  const writer = new AnswerWriter(handle.sql, log, createMetrics(), { maxDelayMs: 5 });
  const attemptId = await openAttempt();
  const [q1, q2] = exam.questions;
  const outcomes = await Promise.all([
    writer.enqueue({
      attemptId: attemptId.toUpperCase(),
      questionId: q1!.id,
      response: { choice: "a" },
      seq: 1,
    }),
    writer.enqueue({ attemptId, questionId: q1!.id.toUpperCase(), response: { choice: "b" }, seq: 2 }),
    writer.enqueue({ attemptId, questionId: q2!.id.toUpperCase(), response: { choice: "c" }, seq: 1 }),
  ]);
  expect(outcomes.map((o) => o.kind)).toEqual(["stale", "saved", "saved"]);
  expect(outcomes[0]).toMatchObject({ seq: 2 });
  const rows = await handle.db
    .selectFrom("answers")
    .select(["question_id", "seq"])
    .where("attempt_id", "=", attemptId)
    .orderBy("question_id")
    .execute();
  expect(rows).toHaveLength(2);
  await writer.close();
});

test("saves into a closed, a paused, an overdue or a missing attempt reject with the reason", async () => {
  const writer = new AnswerWriter(handle.sql, log, createMetrics(), { maxDelayMs: 5 });
  const [closed, paused, overdue] = [await openAttempt(), await openAttempt(), await openAttempt()];
  await handle.db.updateTable("attempts").set({ status: "submitted" }).where("id", "=", closed).execute();
  await handle.db.updateTable("attempts").set({ paused_at: new Date() }).where("id", "=", paused).execute();
  await handle.db
    .updateTable("attempts")
    .set({ deadline_at: new Date(Date.now() - 60_000) })
    .where("id", "=", overdue)
    .execute();
  const q = exam.questions[0]!.id;
  const save = (attemptId: string) =>
    writer.enqueue({ attemptId, questionId: q, response: { choice: "a" }, seq: 1 }).then(
      (o) => o.kind,
      (e: AppError) => e.code,
    );
  const outcomes = await Promise.all([
    save(closed),
    save(paused),
    save(overdue),
    save("00000000-0000-4000-8000-000000000000"),
  ]);
  expect(outcomes).toEqual(["attempt_closed", "paused", "time_over", "not_found"]);
  const stored = await handle.db
    .selectFrom("answers")
    .select("attempt_id")
    .where("attempt_id", "in", [closed, paused, overdue])
    .execute();
  expect(stored).toEqual([]);
  await writer.close();
});
