import { createExamClient, type ExamClient, type SessionWatch } from "@imtihon/client-sdk";
import { connect, type DbHandle } from "@imtihon/db";
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import {
  call,
  connectRaw,
  createExam,
  createSession,
  createTestDatabase,
  createUser,
  createUsers,
  type ExamFixture,
  next,
  type NodeProcess,
  type RawSocket,
  spawnNode,
  startTestServer,
  type TestDatabase,
  type TestServer,
  type TestUser,
} from "@imtihon/testing";

// With Redis: the proctor on node A, the students on node B (two processes). Without: one node.
const redisUrl = inject("redisUrl");
if (!redisUrl)
  console.log(
    "[proctor.test] REDIS_URL not set: running on a single node (set REDIS_URL for the two-node run)",
  );

describe("proctoring a live session", () => {
  let database: TestDatabase;
  let handle: DbHandle;
  let nodes: NodeProcess[] = [];
  let single: TestServer | undefined;
  let urlA: string;
  let urlB: string;
  let exam: ExamFixture;
  let proctor: TestUser;
  let proctorClient: ExamClient;
  const sockets: RawSocket[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    handle = connect(database.url, { max: 5 });
    if (redisUrl) {
      const redisPrefix = `pr-${randomBytes(4).toString("hex")}`;
      nodes = await Promise.all(
        [0, 1].map(() => spawnNode({ databaseUrl: database.url, redisUrl, redisPrefix })),
      );
      [urlA, urlB] = [nodes[0]!.url, nodes[1]!.url];
    } else {
      single = await startTestServer({ database });
      urlA = urlB = single.url;
    }
    exam = await createExam(handle.db, {
      mode: "live",
      durationSeconds: 1200,
      sections: [{ title: "A", count: 5, points: 100 }],
    });
    proctor = await createUser(handle.db, "proctor", "Proktor");
    proctorClient = createExamClient({ url: urlA, getToken: () => proctor.token });
  });
  afterAll(async () => {
    proctorClient?.close();
    for (const s of sockets) s.disconnect();
    await single?.close({ drainMs: 0 });
    await Promise.all(nodes.map((n) => n.kill("SIGKILL")));
    await handle?.close();
    await database?.drop();
  });

  async function student(u: TestUser) {
    const s = await connectRaw(urlB, u.token);
    sockets.push(s);
    return s;
  }

  function rosterOf(watch: SessionWatch) {
    return new Map(watch.roster.map((e) => [e.attemptId, e]));
  }

  test("50 students: snapshot, live deltas, start, pause, resume, extend, terminate, message, end", async () => {
    const sessionId = await createSession(handle.db, exam.id, proctor.id);
    const students = await createUsers(handle.db, 50);
    const joined: { user: TestUser; socket: RawSocket; attemptId: string }[] = [];
    for (const u of students) {
      const socket = await student(u);
      const ack = await call(socket, "attempt:start", { sessionId });
      if (!ack.ok) throw new Error(`join failed: ${JSON.stringify(ack)}`);
      expect(ack.attempt).toMatchObject({ status: "lobby", deadline: null });
      joined.push({ user: u, socket, attemptId: ack.attempt.id });
    }

    // Snapshot: one entry per attempt, all connected, in the lobby.
    const watch = await proctorClient.watchSession(sessionId);
    expect(watch.roster).toHaveLength(50);
    for (const j of joined) {
      expect(rosterOf(watch).get(j.attemptId)).toMatchObject({
        userId: j.user.id,
        fullName: j.user.fullName,
        status: "lobby",
        connected: true,
        answered: 0,
        total: 5,
        flags: 0,
      });
    }

    // Start: every lobby deadline set together to the session's deadline.
    const timeEvents = joined.map((j) => next(j.socket, "attempt:time"));
    const started = await watch.start();
    expect(started.session.state).toBe("running");
    await Promise.all(timeEvents);
    const rows = await handle.db
      .selectFrom("attempts")
      .select(["status", "deadline_at"])
      .where("session_id", "=", sessionId)
      .execute();
    const session = await handle.db
      .selectFrom("live_sessions")
      .selectAll()
      .where("id", "=", sessionId)
      .executeTakeFirstOrThrow();
    expect(new Set(rows.map((r) => r.deadline_at?.getTime()))).toEqual(
      new Set([session.deadline_at!.getTime()]),
    );
    expect(rows.every((r) => r.status === "in_progress")).toBe(true);
    expect(session.deadline_at!.getTime() - session.started_at!.getTime()).toBe(1200_000);

    // Student actions show up in the proctor's roster (coalesced deltas from the other node).
    const [first, second, third] = joined;
    await call(first!.socket, "answer:save", {
      attemptId: first!.attemptId,
      questionId: exam.questions[0]!.id,
      response: { choice: "a" },
      seq: 1,
    });
    await call(first!.socket, "answer:save", {
      attemptId: first!.attemptId,
      questionId: exam.questions[1]!.id,
      response: { choice: "b" },
      seq: 1,
    });
    await call(second!.socket, "integrity:report", {
      attemptId: second!.attemptId,
      kind: "visibility_hidden",
      at: new Date().toISOString(),
    });
    await expect.poll(() => rosterOf(watch).get(first!.attemptId)?.answered, { timeout: 5000 }).toBe(2);
    await expect.poll(() => rosterOf(watch).get(second!.attemptId)?.flags, { timeout: 5000 }).toBe(1);
    await expect
      .poll(
        () =>
          watch.integrity.some((e) => e.attemptId === second!.attemptId && e.kind === "visibility_hidden"),
        { timeout: 5000 },
      )
      .toBe(true);

    // A late joiner gets the session's remaining time, not a fresh duration.
    const late = await createUser(handle.db);
    const lateSocket = await student(late);
    const lateAck = await call(lateSocket, "attempt:start", { sessionId });
    expect(lateAck).toMatchObject({
      ok: true,
      attempt: { status: "in_progress", deadline: session.deadline_at!.toISOString() },
    });
    await expect.poll(() => watch.roster.length, { timeout: 5000 }).toBe(51);

    // Pause: saves refused with `paused`; resume moves every deadline by the pause length.
    const pausedEvent = next(third!.socket, "session:state", (e) => e.state === "paused");
    await watch.pause();
    expect(await pausedEvent).toMatchObject({ sessionId, state: "paused" });
    const refused = await call(third!.socket, "answer:save", {
      attemptId: third!.attemptId,
      questionId: exam.questions[0]!.id,
      response: { choice: "a" },
      seq: 1,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: "paused" } });
    const before = await handle.db
      .selectFrom("attempts")
      .select(["id", "deadline_at", "paused_at"])
      .where("session_id", "=", sessionId)
      .where("status", "=", "in_progress")
      .execute();
    // The pause lasted 300 ms: aged in the data rather than slept through.
    await handle.db
      .updateTable("live_sessions")
      .set({ paused_at: sql<Date>`paused_at - interval '300 milliseconds'` })
      .where("id", "=", sessionId)
      .execute();
    await handle.db
      .updateTable("attempts")
      .set({ paused_at: sql<Date>`paused_at - interval '300 milliseconds'` })
      .where("session_id", "=", sessionId)
      .where("paused_at", "is not", null)
      .execute();
    await watch.resume();
    const after = new Map(
      (
        await handle.db
          .selectFrom("attempts")
          .select(["id", "deadline_at", "paused_at"])
          .where("session_id", "=", sessionId)
          .execute()
      ).map((r) => [r.id, r]),
    );
    const resumedSession = await handle.db
      .selectFrom("live_sessions")
      .selectAll()
      .where("id", "=", sessionId)
      .executeTakeFirstOrThrow();
    const pauseLength = resumedSession.deadline_at!.getTime() - session.deadline_at!.getTime();
    expect(pauseLength).toBeGreaterThanOrEqual(300);
    for (const b of before) {
      const a = after.get(b.id)!;
      expect(a.paused_at).toBeNull();
      expect(a.deadline_at!.getTime() - b.deadline_at!.getTime()).toBe(pauseLength);
    }
    expect(
      await call(third!.socket, "answer:save", {
        attemptId: third!.attemptId,
        questionId: exam.questions[0]!.id,
        response: { choice: "a" },
        seq: 1,
      }),
    ).toMatchObject({ ok: true });

    // Extend one student: only their deadline moves, and they are told.
    const extendEvent = next(second!.socket, "attempt:time");
    const extended = await watch.extend(second!.attemptId, 120);
    const ext = await extendEvent;
    expect(ext.deadline).toBe(extended.deadline);
    expect(Date.parse(extended.deadline!) - resumedSession.deadline_at!.getTime()).toBe(120_000);

    // Terminate one: status terminated, result stored, student told.
    const endedEvent = next(third!.socket, "attempt:ended");
    await watch.terminate(third!.attemptId, "Ko'chirish aniqlandi");
    expect(await endedEvent).toMatchObject({
      attemptId: third!.attemptId,
      status: "terminated",
      result: { score: 1 },
    });
    const terminated = await handle.db
      .selectFrom("attempts as a")
      .innerJoin("results as r", "r.attempt_id", "a.id")
      .select(["a.status", "r.score"])
      .where("a.id", "=", third!.attemptId)
      .executeTakeFirstOrThrow();
    expect(terminated).toEqual({ status: "terminated", score: 100 });
    await expect
      .poll(() => rosterOf(watch).get(third!.attemptId)?.status, { timeout: 5000 })
      .toBe("terminated");

    // Message one, then all.
    const toOne = next(first!.socket, "proctor:message");
    await watch.message("Savolni diqqat bilan o'qing", first!.attemptId);
    expect(await toOne).toMatchObject({ attemptId: first!.attemptId, text: "Savolni diqqat bilan o'qing" });
    const toAll = joined.slice(3, 8).map((j) => next(j.socket, "proctor:message"));
    await watch.message("10 daqiqa qoldi");
    for (const m of await Promise.all(toAll)) expect(m).toMatchObject({ text: "10 daqiqa qoldi" });

    // A disconnect flips `connected` on the proctor's roster.
    joined[10]!.socket.disconnect();
    await expect
      .poll(() => rosterOf(watch).get(joined[10]!.attemptId)?.connected, { timeout: 5000 })
      .toBe(false);

    // End: every open attempt submitted and scored; every action recorded.
    const ends = joined.slice(20, 25).map((j) => next(j.socket, "attempt:ended"));
    await watch.end();
    await Promise.all(ends);
    const statuses = await handle.db
      .selectFrom("attempts")
      .select("status")
      .where("session_id", "=", sessionId)
      .execute();
    expect(statuses.filter((s) => s.status === "submitted")).toHaveLength(50);
    expect(statuses.filter((s) => s.status === "terminated")).toHaveLength(1);
    const results = await handle.db
      .selectFrom("results as r")
      .innerJoin("attempts as a", "a.id", "r.attempt_id")
      .select("r.attempt_id")
      .where("a.session_id", "=", sessionId)
      .execute();
    expect(results).toHaveLength(51);
    const actions = await handle.db
      .selectFrom("proctor_actions")
      .select(["action", "actor_id"])
      .where("session_id", "=", sessionId)
      .orderBy("id")
      .execute();
    expect(actions.map((a) => a.action)).toEqual([
      "start",
      "pause",
      "resume",
      "extend",
      "terminate",
      "message",
      "message",
      "end",
    ]);
    expect(actions.every((a) => a.actor_id === proctor.id)).toBe(true);
    console.log(
      `[proctor.test] the proctor received ${watch.getSnapshot().updatesReceived} roster messages for 51 students through the whole session`,
    );
  });

  test("a proctor cannot watch or act on another proctor's session", async () => {
    const sessionId = await createSession(handle.db, exam.id, proctor.id);
    const u = await createUser(handle.db);
    const s = await student(u);
    const join = await call(s, "attempt:start", { sessionId });
    if (!join.ok) throw new Error("join failed");
    const other = await createUser(handle.db, "proctor");
    const o = await connectRaw(urlA, other.token);
    sockets.push(o);
    for (const event of [
      "session:watch",
      "session:start",
      "session:pause",
      "session:resume",
      "session:end",
    ] as const) {
      expect(await call(o, event, { sessionId }), event).toMatchObject({
        ok: false,
        error: { code: "forbidden" },
      });
    }
    expect(await call(o, "attempt:extend", { attemptId: join.attempt.id, seconds: 60 })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await call(o, "attempt:terminate", { attemptId: join.attempt.id, reason: "no" })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    expect(await call(o, "proctor:message", { sessionId, text: "hi" })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    const state = await handle.db
      .selectFrom("live_sessions")
      .select("state")
      .where("id", "=", sessionId)
      .executeTakeFirstOrThrow();
    expect(state.state).toBe("lobby");
    expect(
      await handle.db.selectFrom("proctor_actions").selectAll().where("session_id", "=", sessionId).execute(),
    ).toHaveLength(0);
    // An admin may act on every session.
    const admin = await createUser(handle.db, "admin");
    const a = await connectRaw(urlA, admin.token);
    sockets.push(a);
    expect(await call(a, "session:watch", { sessionId })).toMatchObject({
      ok: true,
      roster: [{ attemptId: join.attempt.id }],
    });
  });

  test("the server flags two connections on one attempt, a changed IP address and repeated reconnects", async () => {
    const sessionId = await createSession(handle.db, exam.id, proctor.id);
    const u = await createUser(handle.db);
    const first = await connectRaw(urlB, u.token, { headers: { "x-forwarded-for": "10.1.1.1" } });
    sockets.push(first);
    const join = await call(first, "attempt:start", { sessionId });
    if (!join.ok) throw new Error("join failed");
    const watch = await proctorClient.watchSession(sessionId);
    const kinds = () =>
      new Set(watch.integrity.filter((e) => e.attemptId === join.attempt.id).map((e) => e.kind));
    // A second tab, from another address, while the first is still open.
    const second = await connectRaw(urlA, u.token, { headers: { "x-forwarded-for": "10.2.2.2" } });
    sockets.push(second);
    await call(second, "attempt:resume", { attemptId: join.attempt.id });
    await expect.poll(kinds, { timeout: 5000 }).toEqual(new Set(["multiple_connections", "ip_changed"]));
    for (let i = 0; i < 5; i++) {
      const again = await connectRaw(urlB, u.token, { headers: { "x-forwarded-for": "10.2.2.2" } });
      await call(again, "attempt:resume", { attemptId: join.attempt.id });
      again.disconnect();
    }
    await expect.poll(() => kinds().has("frequent_reconnects"), { timeout: 5000 }).toBe(true);
    // Each later reconnect can add one more flag while we look: compare once both sides agree.
    const storedFlags = () =>
      handle.db
        .selectFrom("integrity_events")
        .select(["kind", "source"])
        .where("attempt_id", "=", join.attempt.id)
        .execute();
    await expect
      .poll(async () => (await storedFlags()).length === rosterOf(watch).get(join.attempt.id)?.flags, {
        timeout: 5000,
      })
      .toBe(true);
    const stored = await storedFlags();
    expect(stored.every((e) => e.source === "server")).toBe(true);
    expect(new Set(stored.map((e) => e.kind))).toEqual(
      new Set(["multiple_connections", "ip_changed", "frequent_reconnects"]),
    );
    watch.close();
  });
});
