import {
  createExam,
  createSession,
  createUser,
  type ExamFixture,
  type TestUser,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import { closeAttempt, closeLockedAttempts, type ClosedStatus } from "./finalize.ts";
import {
  attemptStanding,
  bucketCount,
  bucketOf,
  bucketSums,
  bucketWidth,
  standingFrom as fromSums,
  type ScoreCount,
} from "./standing.ts";

const standingFrom = (counts: ScoreCount[], mine: number, ownBest: number | null, maxScore: number) =>
  fromSums(bucketSums(counts, mine, maxScore), mine, ownBest, maxScore);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.stop();
});

const as = (u: { id: string; role: TestUser["role"] }): Principal => ({
  userId: u.id,
  role: u.role,
  tokenVersion: 0,
  expiresAt: Date.now() + 60_000,
});

/** A small seeded generator, so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("standingFrom", () => {
  it("ranks in competition order and takes the student's own best out of the crowd", () => {
    // Best scores 90, 80, 80, 70 (hundredths: 9000…) and this student's best is one of the 80s.
    const counts = [
      { score: 9000, students: 1 },
      { score: 8000, students: 2 },
      { score: 7000, students: 1 },
    ];
    const best = standingFrom(counts, 8000, 8000, 10000);
    expect(best).toMatchObject({ rank: 2, of: 4, percentile: 25, higher: 1, lower: 1 });
    // The same student's weaker 70-point attempt, placed as if it were their best: 90, 80, 70, 70.
    const weaker = standingFrom(counts, 7000, 8000, 10000);
    expect(weaker).toMatchObject({ rank: 3, of: 4, percentile: 0 });
    // The last of 1, 2, 2, 4: three students ahead.
    expect(standingFrom(counts, 7000, 7000, 10000)).toMatchObject({ rank: 4, of: 4, percentile: 0 });
    // Alone on the exam: first of one, nobody below.
    expect(standingFrom([{ score: 500, students: 1 }], 500, 500, 1000)).toMatchObject({
      rank: 1,
      of: 1,
      percentile: 0,
    });
    // One decimal, half up: 1 of 3 below → 33.3; 2 of 3 → 66.7.
    expect(standingFrom([{ score: 1, students: 2 }], 2, null, 100).percentile).toBe(66.7);
    expect(
      standingFrom(
        [
          { score: 1, students: 1 },
          { score: 3, students: 1 },
        ],
        2,
        null,
        100,
      ).percentile,
    ).toBe(33.3);
  });

  it("puts scores into round buckets from 0 to the maximum, the maximum in the last", () => {
    const s = standingFrom(
      [
        { score: 0, students: 1 },
        { score: 18900, students: 2 },
        { score: 9450, students: 1 },
      ],
      9449,
      null,
      18900,
    );
    // A DTM sheet: 0–10, 10–20, …, 180–189.
    expect(s.distribution.buckets).toHaveLength(19);
    expect(s.distribution.buckets[0]).toEqual({ from: 0, to: 10, count: 1 });
    expect(s.distribution.buckets[18]).toEqual({ from: 180, to: 189, count: 2 });
    expect(s.distribution.you).toBe(9);
    expect(s.distribution.buckets[9]).toEqual({ from: 90, to: 100, count: 2 });
    expect(s.distribution.buckets.reduce((n, b) => n + b.count, 0)).toBe(s.of);
    // Short exams: one point per bucket (3 points → 3 buckets, 3 in the last); 20.8 → 2-point buckets.
    expect([bucketOf(300, 300), bucketCount(300)]).toEqual([2, 3]);
    expect([bucketWidth(2080), bucketCount(2080), bucketOf(2080, 2080)]).toEqual([200, 11, 10]);
    expect(bucketCount(0)).toBe(1);
  });
});

interface Made {
  attemptId: string;
  userId: string;
  status: ClosedStatus | "in_progress";
}

/** Opens an attempt with random answers (right, wrong or none per question). */
async function openAttempt(
  exam: ExamFixture,
  userId: string,
  random: () => number,
  sessionId: string | null = null,
): Promise<string> {
  const db = server.ctx.db;
  const row = await db
    .insertInto("attempts")
    .values({
      exam_id: exam.id,
      session_id: sessionId,
      user_id: userId,
      status: "in_progress",
      started_at: new Date(),
      deadline_at: new Date(Date.now() + 3_600_000),
      question_order: exam.questions.map((q) => q.id),
      option_order: JSON.stringify({}),
      max_score: exam.maxScore,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  const answers = exam.questions.flatMap((q) => {
    const r = random();
    return r < 0.15 ? [] : [{ question_id: q.id, choice: r < 0.6 ? q.correct : q.wrong }];
  });
  if (answers.length)
    await db
      .insertInto("answers")
      .values(
        answers.map((a) => ({
          attempt_id: row.id,
          question_id: a.question_id,
          response: JSON.stringify({ choice: a.choice }),
          seq: 1,
        })),
      )
      .execute();
  return row.id;
}

/** The sweeper's way: lock a batch and close it in one call. */
async function closeBatch(ids: string[], status: ClosedStatus) {
  await server.ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom("attempts")
      .select(["id", "exam_id", "session_id", "user_id", "deadline_at"])
      .where("id", "in", ids)
      .forUpdate()
      .execute();
    await closeLockedAttempts(trx, server.ctx.exams, rows, status, "now");
  });
}

/** The contract computed the slow way from the attempts table alone. */
async function bruteForce(examId: string) {
  const rows = await server.ctx.db
    .selectFrom("attempts")
    .select(["id", "user_id", "status", "score"])
    .where("exam_id", "=", examId)
    .execute();
  const finished = rows.filter(
    (r) => (r.status === "submitted" || r.status === "expired") && r.score !== null,
  );
  const best = new Map<string, number>();
  for (const r of finished) best.set(r.user_id, Math.max(best.get(r.user_id) ?? -1, r.score!));
  return {
    best,
    standing(attempt: { user_id: string; score: number }) {
      const others = [...best].filter(([u]) => u !== attempt.user_id).map(([, s]) => s);
      const lower = others.filter((s) => s < attempt.score).length;
      const of = others.length + 1;
      return {
        rank: 1 + others.filter((s) => s > attempt.score).length,
        of,
        percentile: Math.round((1000 * lower) / of) / 10,
      };
    },
    finished,
  };
}

describe("attemptStanding against a brute-force count", () => {
  for (const seed of [1, 7, 2026]) {
    it(`matches on random data (seed ${seed}): ties, several attempts per student, unfinished and terminated attempts left out`, async () => {
      const random = prng(seed);
      const db = server.ctx.db;
      // 1.1 and 3.1 points: many ties among 7 questions.
      const exam = await createExam(db, {
        sections: [
          { title: "A", count: 4, points: 110 },
          { title: "B", count: 3, points: 310 },
        ],
      });
      await server.ctx.exams.get(exam.id);
      const proctor = await createUser(db, "proctor");
      const sessions = [
        await createSession(db, exam.id, proctor.id),
        await createSession(db, exam.id, proctor.id),
      ];
      const students = await Promise.all(Array.from({ length: 14 }, () => createUser(db, "student")));
      const made: Made[] = [];
      for (let round = 0; round < 4; round++) {
        const batch: string[] = [];
        for (const s of students) {
          const r = random();
          if (r < 0.2) continue;
          const id = await openAttempt(exam, s.id, random);
          if (r < 0.3) {
            made.push({ attemptId: id, userId: s.id, status: "in_progress" });
            // Left open this round; it is closed (or not) in the next, so the unique index allows the next one.
            if (round < 3) {
              await closeAttempt(db, server.ctx.exams, id, "terminated");
              made[made.length - 1]!.status = "terminated";
            }
          } else if (r < 0.55) {
            await closeAttempt(db, server.ctx.exams, id, random() < 0.5 ? "submitted" : "expired");
            made.push({ attemptId: id, userId: s.id, status: "submitted" });
          } else {
            batch.push(id);
            made.push({ attemptId: id, userId: s.id, status: "expired" });
          }
        }
        // One student finishes two attempts in the same batch (two live sessions).
        const twice = students[round]!;
        for (const sessionId of sessions) {
          const id = await openAttempt(exam, twice.id, random, sessionId);
          batch.push(id);
          made.push({ attemptId: id, userId: twice.id, status: "expired" });
        }
        // Two sweeps in parallel, as two nodes would run them.
        const half = Math.ceil(batch.length / 2);
        await Promise.all([
          closeBatch(batch.slice(0, half), "expired"),
          closeBatch(batch.slice(half), "expired"),
        ]);
      }

      const truth = await bruteForce(exam.id);
      expect(truth.finished.length).toBeGreaterThan(20);
      // The per-score counts equal a count of the students' best scores.
      const counts = await sql<{ score: number; students: number }>`
        select score, students from exam_score_counts where exam_id = ${exam.id} and students > 0 order by score`.execute(
        db,
      );
      const expected = new Map<number, number>();
      for (const s of truth.best.values()) expected.set(s, (expected.get(s) ?? 0) + 1);
      expect(counts.rows).toEqual(
        [...expected].sort((a, b) => a[0] - b[0]).map(([score, students]) => ({ score, students })),
      );
      const scores = [...truth.best.values()];
      expect(new Set(scores).size).toBeLessThan(scores.length); // there are ties to rank

      const admin = await createUser(db, "admin");
      for (const a of truth.finished) {
        const got = await attemptStanding(server.ctx, as({ id: a.user_id, role: "student" }), a.id);
        expect({ rank: got.rank, of: got.of, percentile: got.percentile }, `attempt ${a.id}`).toEqual(
          truth.standing({ user_id: a.user_id, score: a.score! }),
        );
        expect(got.score).toBe(a.score! / 100);
        expect(got.best).toBe(truth.best.get(a.user_id)! / 100);
        expect(got.distribution.buckets.reduce((n, b) => n + b.count, 0)).toBe(got.of);
        // An admin sees the same numbers.
        expect((await attemptStanding(server.ctx, as(admin), a.id)).rank).toBe(got.rank);
      }
      const unfinished = made.filter((m) => m.status === "in_progress" || m.status === "terminated");
      expect(unfinished.length).toBeGreaterThan(0);
      for (const m of unfinished)
        await expect(
          attemptStanding(server.ctx, as({ id: m.userId, role: "student" }), m.attemptId),
        ).rejects.toMatchObject({ code: "conflict" });
    });
  }
});
