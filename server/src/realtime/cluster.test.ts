import { createExamClient, type Attempt, type ExamClient } from "@imtihon/client-sdk";
import { connect, type DbHandle } from "@imtihon/db";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import {
  type Balancer,
  call,
  connectRaw,
  createExam,
  createSession,
  createTestDatabase,
  createUser,
  createUsers,
  next,
  type NodeProcess,
  type RawSocket,
  spawnNode,
  startBalancer,
  type TestDatabase,
} from "@imtihon/testing";

const redisUrl = inject("redisUrl");
if (!redisUrl)
  console.log("[cluster.test] REDIS_URL not set: skipping the multi-node tests (set REDIS_URL to run them)");

describe.skipIf(!redisUrl)("a cluster of server processes sharing Postgres and Redis", () => {
  let database: TestDatabase;
  let handle: DbHandle;
  let a: NodeProcess;
  let b: NodeProcess;
  const prefix = `cl-${randomBytes(4).toString("hex")}`;
  const nodes: NodeProcess[] = [];
  const sockets: RawSocket[] = [];

  async function node() {
    const n = await spawnNode({
      databaseUrl: database.url,
      redisUrl,
      redisPrefix: prefix,
      extra: { SWEEP_INTERVAL_MS: "250" },
    });
    nodes.push(n);
    return n;
  }
  async function raw(url: string, token: string) {
    const s = await connectRaw(url, token);
    sockets.push(s);
    return s;
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    handle = connect(database.url, { max: 5 });
    [a, b] = await Promise.all([node(), node()]);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await Promise.all(nodes.map((n) => n.kill("SIGKILL")));
    await handle?.close();
    await database?.drop();
  });

  test("a student on node A gets events caused on node B", async () => {
    const exam = await createExam(handle.db);
    const student = await createUser(handle.db);
    const tabA = await raw(a.url, student.token);
    const tabB = await raw(b.url, student.token);
    const start = await call(tabA, "attempt:start", { examId: exam.id });
    if (!start.ok) throw new Error("start failed");
    expect(await call(tabB, "attempt:start", { examId: exam.id })).toMatchObject({
      ok: true,
      attempt: { id: start.attempt.id },
    });
    const ended = next(tabA, "attempt:ended");
    await call(tabB, "attempt:submit", { attemptId: start.attempt.id });
    expect(await ended).toMatchObject({ attemptId: start.attempt.id, status: "submitted" });
  });

  test("a proctor on node B drives a live session whose student is on node A", async () => {
    const exam = await createExam(handle.db, { mode: "live", durationSeconds: 600 });
    const proctor = await createUser(handle.db, "proctor");
    const student = await createUser(handle.db);
    const sessionId = await createSession(handle.db, exam.id, proctor.id);
    const s = await raw(a.url, student.token);
    const p = await raw(b.url, proctor.token);
    const joined = await call(s, "attempt:start", { sessionId });
    expect(joined).toMatchObject({ ok: true, attempt: { status: "lobby", deadline: null } });
    if (!joined.ok) return;
    expect(await call(p, "session:watch", { sessionId })).toMatchObject({
      ok: true,
      roster: [{ attemptId: joined.attempt.id, connected: true, status: "lobby" }],
    });
    const time = next(s, "attempt:time");
    const state = next(s, "session:state");
    await call(p, "session:start", { sessionId });
    expect(await state).toMatchObject({ sessionId, state: "running" });
    expect(await time).toMatchObject({ attemptId: joined.attempt.id, paused: false });
    const msg = next(s, "proctor:message");
    await call(p, "proctor:message", { sessionId, text: "Omad!" });
    expect(await msg).toMatchObject({ text: "Omad!" });
    const roster = next(
      p,
      "roster:update",
      (e) => "updates" in e && e.updates.some((u) => u.connected === false),
    );
    s.disconnect();
    expect(await roster).toMatchObject({ updates: [{ attemptId: joined.attempt.id, connected: false }] });
  });

  test("session:start reaches every tab of every student on every node, and no one of another session", async () => {
    const exam = await createExam(handle.db, { mode: "live", durationSeconds: 600 });
    const proctor = await createUser(handle.db, "proctor");
    const [one, two, other] = await createUsers(handle.db, 3);
    const sessionId = await createSession(handle.db, exam.id, proctor.id);
    const otherSession = await createSession(handle.db, exam.id, proctor.id);
    // `one` has a tab on each node; `two` is on B; `other` waits in another session's lobby on A.
    const oneA = await raw(a.url, one!.token);
    const oneB = await raw(b.url, one!.token);
    const twoB = await raw(b.url, two!.token);
    const otherA = await raw(a.url, other!.token);
    const j1 = await call(oneA, "attempt:start", { sessionId });
    const j2 = await call(twoB, "attempt:start", { sessionId });
    const j3 = await call(otherA, "attempt:start", { sessionId: otherSession });
    if (!j1.ok || !j2.ok || !j3.ok) throw new Error("join failed");
    expect(await call(oneB, "attempt:resume", { attemptId: j1.attempt.id })).toMatchObject({ ok: true });
    const p = await raw(a.url, proctor.token);
    const times = [oneA, oneB, twoB].map((sock) => next(sock, "attempt:time"));
    let strayTime = false;
    otherA.on("attempt:time", () => (strayTime = true));
    const started = await call(p, "session:start", { sessionId });
    expect(started).toMatchObject({ ok: true, session: { state: "running" } });
    const deadline = started.ok ? started.session.deadline : null;
    const [t1a, t1b, t2] = await Promise.all(times);
    expect(t1a).toMatchObject({ attemptId: j1.attempt.id, deadline, paused: false });
    expect(t1b).toMatchObject({ attemptId: j1.attempt.id, deadline, paused: false });
    expect(t2).toMatchObject({ attemptId: j2.attempt.id, deadline, paused: false });
    // A pause reaches them the same way, with paused: true.
    const paused = [oneB, twoB].map((sock) => next(sock, "attempt:time"));
    await call(p, "session:pause", { sessionId });
    for (const t of await Promise.all(paused)) expect(t).toMatchObject({ paused: true });
    // The other session's student heard nothing: its own session is still in the lobby.
    expect(await call(otherA, "attempt:resume", { attemptId: j3.attempt.id })).toMatchObject({
      ok: true,
      attempt: { status: "lobby", deadline: null },
    });
    expect(strayTime).toBe(false);
  });

  test("500 attempts expiring in the same second with both sweepers: exactly 500 results and 500 attempt:ended", async () => {
    const exam = await createExam(handle.db, { durationSeconds: 600 });
    const students = await createUsers(handle.db, 500);
    const ended = new Map<string, number>();
    const ids: string[] = [];
    await Promise.all(
      students.map(async (st, i) => {
        const s = await raw(i % 2 ? a.url : b.url, st.token);
        s.on("attempt:ended", (e) => ended.set(e.attemptId, (ended.get(e.attemptId) ?? 0) + 1));
        const start = await call(s, "attempt:start", { examId: exam.id });
        if (!start.ok) throw new Error(`start failed: ${JSON.stringify(start)}`);
        ids.push(start.attempt.id);
      }),
    );
    // Every deadline in the same second, just past the grace: both sweepers race for them.
    const second = new Date(Math.floor(Date.now() / 1000) * 1000 - 3000);
    await handle.db.updateTable("attempts").set({ deadline_at: second }).where("id", "in", ids).execute();
    await expect.poll(() => ended.size, { timeout: 20_000, interval: 200 }).toBe(500);
    // More sweeps on both nodes (counted from their /metrics, not slept for): nothing twice.
    const seen = await Promise.all([sweeps(a.url), sweeps(b.url)]);
    await expect
      .poll(async () => (await sweeps(a.url)) >= seen[0]! + 2 && (await sweeps(b.url)) >= seen[1]! + 2, {
        timeout: 20_000,
        interval: 200,
      })
      .toBe(true);
    expect([...ended.values()].every((n) => n === 1)).toBe(true);
    const results = await handle.db
      .selectFrom("results")
      .select((eb) => eb.fn.countAll<string>().as("n"))
      .where("attempt_id", "in", ids)
      .executeTakeFirstOrThrow();
    expect(Number(results.n)).toBe(500);
    const statuses = await handle.db
      .selectFrom("attempts")
      .select(["status", "submitted_at"])
      .where("id", "in", ids)
      .execute();
    expect(
      statuses.every((r) => r.status === "expired" && r.submitted_at?.getTime() === second.getTime()),
    ).toBe(true);
    for (const s of sockets.splice(0)) s.disconnect();
  });

  test("kill -9 of a node while students save: every acked answer is stored, clients finish on the other node", async () => {
    const victim = await node();
    let lb: Balancer | undefined;
    const clients: ExamClient[] = [];
    try {
      lb = await startBalancer([victim.port, a.port]);
      const exam = await createExam(handle.db, {
        sections: [{ title: "A", count: 20, points: 100 }],
        durationSeconds: 600,
      });
      const students = await createUsers(handle.db, 40);
      // Per (attempt, question): the highest seq the server acknowledged as durable.
      const acked = new Map<string, number>();
      const attempts: Attempt[] = [];
      const moved = new Set<ExamClient>();
      for (const st of students) {
        const c = createExamClient({
          url: lb.url,
          getToken: () => st.token,
          socketOptions: { reconnectionDelay: 100, reconnectionDelayMax: 500 },
        });
        c.on("connection", (state) => state === "reconnecting" && moved.add(c));
        clients.push(c);
        attempts.push(await c.startAttempt({ examId: exam.id }));
      }
      let stop = false;
      const choices = ["a", "b", "c", "d"];
      const loops = attempts.map(async (att, i) => {
        for (let n = 0; !stop; n++) {
          const q = att.questions[n % att.questions.length]!;
          const key = `${att.id}/${q.id}`;
          att.save(q.id, { choice: choices[(n + i) % 4]! }).then(
            (r) => acked.set(key, Math.max(acked.get(key) ?? 0, r.seq)),
            () => undefined,
          );
          await new Promise((r) => setTimeout(r, 20));
        }
      });
      await new Promise((r) => setTimeout(r, 1500));
      await victim.kill("SIGKILL");
      await new Promise((r) => setTimeout(r, 2500));
      stop = true;
      await Promise.all(loops);
      for (const att of attempts) await att.flush(20_000);
      expect(acked.size).toBeGreaterThan(0);
      // The balancer spread the students over both nodes: the victim's had to move.
      expect(moved.size).toBeGreaterThan(0);
      const rows = await handle.db
        .selectFrom("answers")
        .select(["attempt_id", "question_id", "seq", "response"])
        .where(
          "attempt_id",
          "in",
          attempts.map((x) => x.id),
        )
        .execute();
      const stored = new Map(rows.map((r) => [`${r.attempt_id}/${r.question_id}`, r]));
      let lost = 0;
      for (const [key, seq] of acked) {
        const row = stored.get(key);
        if (!row || row.seq < seq) lost++;
      }
      expect(lost).toBe(0);
      // Every client's latest answer is durable, and each attempt can still be submitted.
      for (const att of attempts) {
        for (const [qid, ans] of Object.entries(att.answers))
          expect(stored.get(`${att.id}/${qid}`)?.seq).toBe(ans.seq);
        const done = await att.submit();
        expect(done.status).toBe("submitted");
      }
    } finally {
      for (const c of clients) c.close();
      await lb?.close();
    }
  });
});

/** Sweeps a node has finished, from its Prometheus metrics. */
async function sweeps(url: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  return Number(/^imtihon_sweeps_total (\d+)/m.exec(text)?.[1] ?? 0);
}
