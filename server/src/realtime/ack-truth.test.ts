import type { Ack, AckData } from "@imtihon/client-sdk/protocol";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  call,
  connectRaw,
  createExam,
  createUser,
  type ExamFixture,
  type RawSocket,
  startTestServer,
  type TestServer,
} from "@imtihon/testing";

// Every answer ack must say what Postgres holds: saved → stored with that seq; stale → a newer or
// equal seq is stored and the ack carries it; refused → nothing of this save is stored.

let server: TestServer;
const sockets: RawSocket[] = [];

beforeAll(async () => {
  server = await startTestServer({ sweepIntervalMs: 60_000 });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await server?.stop();
});

async function student() {
  const user = await createUser(server.ctx.db);
  const socket = await connectRaw(server.url, user.token);
  sockets.push(socket);
  return { user, socket };
}

async function start(socket: RawSocket, examId: string): Promise<string> {
  const ack = await call(socket, "attempt:start", { examId });
  if (!ack.ok) throw new Error(`start refused: ${ack.error.code}`);
  return ack.attempt.id;
}

async function storedAnswers(attemptId: string) {
  const rows = await server.ctx.db
    .selectFrom("answers")
    .select(["question_id", "response", "seq"])
    .where("attempt_id", "=", attemptId)
    .execute();
  return new Map(rows.map((r) => [r.question_id, r]));
}

describe("ids are case-insensitive UUIDs", () => {
  let exam: ExamFixture;
  beforeAll(async () => {
    exam = await createExam(server.ctx.db, { sections: [{ title: "A", count: 3, points: 100 }] });
  });

  test("save, resume and submit with upper-case ids are acked and stored like lower-case ones", async () => {
    const { socket } = await student();
    const attemptId = await start(socket, exam.id);
    const q = exam.questions[0]!;
    const save = await call(socket, "answer:save", {
      attemptId: attemptId.toUpperCase(),
      questionId: q.id.toUpperCase(),
      response: { choice: q.correct },
      seq: 1,
    });
    expect(save).toMatchObject({ ok: true, questionId: q.id, seq: 1 });
    expect(save.ok && save.savedAt).toBeTruthy();
    expect((await storedAnswers(attemptId)).get(q.id)).toMatchObject({
      seq: 1,
      response: { choice: q.correct },
    });

    const resume = await call(socket, "attempt:resume", { attemptId: attemptId.toUpperCase() });
    expect(resume.ok && resume.attempt.id).toBe(attemptId);
    expect(resume.ok && resume.attempt.answers[q.id]).toEqual({ response: { choice: q.correct }, seq: 1 });

    const submit = await call(socket, "attempt:submit", { attemptId: attemptId.toUpperCase() });
    expect(submit).toMatchObject({ ok: true, status: "submitted", result: { score: 1 } });
  });

  test("attempt:start by an upper-case exam id starts that exam", async () => {
    const { socket } = await student();
    const ack = await call(socket, "attempt:start", { examId: exam.id.toUpperCase() });
    expect(ack).toMatchObject({ ok: true, attempt: { examId: exam.id, status: "in_progress" } });
  });
});

test("a stale save carries the seq that is stored", async () => {
  const exam = await createExam(server.ctx.db, { sections: [{ title: "A", count: 2, points: 100 }] });
  const { socket } = await student();
  const attemptId = await start(socket, exam.id);
  const q = exam.questions[0]!;
  const newer = await call(socket, "answer:save", {
    attemptId,
    questionId: q.id,
    response: { choice: "b" },
    seq: 5,
  });
  expect(newer).toMatchObject({ ok: true, seq: 5 });
  const older = await call(socket, "answer:save", {
    attemptId,
    questionId: q.id,
    response: { choice: "c" },
    seq: 3,
  });
  expect(older).toEqual({ ok: true, questionId: q.id, seq: 5, stale: true });
  expect((await storedAnswers(attemptId)).get(q.id)).toMatchObject({ seq: 5, response: { choice: "b" } });
});

test("saves racing a submit: every ack agrees with Postgres, and the score counts exactly the saved ones", async () => {
  const STUDENTS = 25;
  const QUESTIONS = 8;
  const exam = await createExam(server.ctx.db, { sections: [{ title: "A", count: QUESTIONS, points: 100 }] });
  const people = await Promise.all(Array.from({ length: STUDENTS }, () => student()));
  const attempts = await Promise.all(people.map((p) => start(p.socket, exam.id)));

  // Everyone fires all saves and the submit at once, without waiting for any ack.
  const fired = people.map(({ socket }, i) => {
    const attemptId = attempts[i]!;
    // The submit goes out at a different place among the saves for each student.
    const at = i % (QUESTIONS + 1);
    let submit: Promise<Ack<AckData["attempt:submit"]>> | undefined;
    const saves = exam.questions.map((q, k) => {
      if (k === at) submit = call(socket, "attempt:submit", { attemptId });
      return call(socket, "answer:save", {
        attemptId,
        questionId: q.id,
        response: { choice: q.correct },
        seq: 1,
      });
    });
    submit ??= call(socket, "attempt:submit", { attemptId });
    return { attemptId, saves: Promise.all(saves), submit };
  });

  const wrong: string[] = [];
  let saved = 0;
  let refused = 0;
  for (const f of fired) {
    const [saves, submit] = await Promise.all([f.saves, f.submit]);
    expect(submit).toMatchObject({ ok: true, status: "submitted" });
    const stored = await storedAnswers(f.attemptId);
    const acked = new Set<string>();
    saves.forEach((ack: Ack<AckData["answer:save"]>, k) => {
      const q = exam.questions[k]!;
      const row = stored.get(q.id);
      if (ack.ok && ack.savedAt) {
        saved++;
        acked.add(q.id);
        if (row?.seq !== 1) wrong.push(`${f.attemptId}/${k}: acked saved, stored ${JSON.stringify(row)}`);
      } else if (ack.ok) {
        // Nobody else saves this question: a stale ack can only be a lie.
        wrong.push(`${f.attemptId}/${k}: acked ${JSON.stringify(ack)}, stored ${JSON.stringify(row)}`);
      } else {
        refused++;
        if (ack.error.code !== "attempt_closed")
          wrong.push(`${f.attemptId}/${k}: refused ${ack.error.code} (expected attempt_closed)`);
        if (row) wrong.push(`${f.attemptId}/${k}: refused but stored ${JSON.stringify(row)}`);
      }
    });
    // Nothing stored that was not acked saved.
    for (const qid of stored.keys())
      if (!acked.has(qid)) wrong.push(`${f.attemptId}: ${qid} stored without a saved ack`);
    // Scoring saw exactly the saved answers (every one is right, 1 point each).
    if (submit.ok) expect(submit.result?.score, f.attemptId).toBe(acked.size);
  }
  console.log(`race: ${saved} saved, ${refused} refused, ${wrong.length} wrong`);
  expect(wrong).toEqual([]);
  expect(saved + refused).toBe(STUDENTS * QUESTIONS);
});

/** Resolves once some backend of this test's database waits on a row lock. */
async function someoneWaitsOnALock() {
  for (let i = 0; i < 500; i++) {
    const rows = await server.ctx.sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity
      where datname = current_database() and wait_event_type = 'Lock'`;
    if (rows[0]!.n > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("no backend ever waited on a lock");
}

describe("a save that waits for the attempt's lock while it is being closed is refused, never stale", () => {
  const cases = [
    { name: "a submit", set: "status = 'submitted', submitted_at = now()", code: "attempt_closed" },
    {
      name: "the sweeper (deadline passed)",
      set: "status = 'expired', deadline_at = now() - interval '1 minute', submitted_at = now()",
      code: "time_over",
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const exam = await createExam(server.ctx.db, { sections: [{ title: "A", count: 2, points: 100 }] });
      const { socket } = await student();
      const attemptId = await start(socket, exam.id);
      const q = exam.questions[0]!;
      // Hold the attempt the way closeAttempt does, fire the save, close the attempt, commit.
      const ack = await server.ctx.sql.begin(async (tx) => {
        await tx`select id from attempts where id = ${attemptId} for update`;
        const pending = call(socket, "answer:save", {
          attemptId,
          questionId: q.id,
          response: { choice: q.correct },
          seq: 1,
        });
        await someoneWaitsOnALock();
        await tx.unsafe(`update attempts set ${c.set} where id = $1`, [attemptId]);
        return { pending };
      });
      expect(await ack.pending).toMatchObject({ ok: false, error: { code: c.code } });
      expect(await storedAnswers(attemptId)).toEqual(new Map());
    });
  }
});

test("parallel attempt:start on an exam allowing one attempt resumes the open attempt for every call", async () => {
  const exam = await createExam(server.ctx.db, { maxAttempts: 1 });
  const { socket } = await student();
  const acks = await Promise.all(
    Array.from({ length: 20 }, () => call(socket, "attempt:start", { examId: exam.id })),
  );
  const refusals = acks.filter((a) => !a.ok);
  expect(refusals).toEqual([]);
  const ids = new Set(acks.map((a) => (a.ok ? a.attempt.id : "")));
  expect(ids.size).toBe(1);
  const rows = await server.ctx.db
    .selectFrom("attempts")
    .select("id")
    .where("exam_id", "=", exam.id)
    .execute();
  expect(rows.map((r) => r.id)).toEqual([...ids]);
});
