import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  apiClient,
  call,
  connectRaw,
  createExam,
  createSession,
  createUser,
  next,
  type NodeProcess,
  type RawSocket,
} from "@imtihon/testing";
import { faultCluster, report, skipReason, until, type FaultCluster } from "./cluster.ts";
import { startPrivateRedis, type PrivateRedis } from "./private-redis.ts";

// Fault 2: the cluster's Redis (a private redis-server of ours) is killed and restarted empty in
// the middle of a live session. Nodes must ride it out and every limit must keep refusing.

const alive = (n: NodeProcess) => n.child.exitCode === null && n.child.signalCode === null;

describe.skipIf(skipReason("redis"))("Redis restarted mid-exam", () => {
  let redis: PrivateRedis;
  let cluster: FaultCluster;
  const sockets: RawSocket[] = [];
  beforeAll(async () => {
    redis = await startPrivateRedis();
    cluster = await faultCluster({ redisUrl: redis.url });
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await cluster?.teardown();
    await redis?.close();
  });

  async function raw(url: string, token: string) {
    const s = await connectRaw(url, token);
    sockets.push(s);
    return s;
  }

  test("nodes reconnect by themselves, cross-node events resume, limits fall back without failing open", async () => {
    const [a, b] = (await Promise.all([cluster.spawn(), cluster.spawn()])) as [NodeProcess, NodeProcess];
    const { db } = cluster.handle;
    const exam = await createExam(db, { mode: "live", durationSeconds: 1800 });
    const proctor = await createUser(db, "proctor");
    const student = await createUser(db);
    const flooder = await createUser(db);
    const sessionId = await createSession(db, exam.id, proctor.id);
    const p = await raw(a.url, proctor.token);
    const s = await raw(b.url, student.token);
    const joined = await call(s, "attempt:start", { sessionId });
    if (!joined.ok) throw new Error(JSON.stringify(joined));
    const attemptId = joined.attempt.id;
    expect(await call(p, "session:watch", { sessionId })).toMatchObject({ ok: true });
    const running = next(s, "session:state", (e) => e.state === "running");
    expect(await call(p, "session:start", { sessionId })).toMatchObject({ ok: true });
    await running;

    // Before: a message from the proctor on A reaches the student on B.
    const hello = next(s, "proctor:message", (m) => m.text === "before");
    await call(p, "proctor:message", { sessionId, text: "before" });
    await hello;

    const downAt = Date.now();
    await redis.stop(true);
    await until("both nodes report Redis down", async () => {
      const r = await Promise.all([a, b].map((n) => fetch(`${n.url}/readyz`)));
      return r.every((x) => x.status === 503);
    });

    // A flood of socket events while Redis is down: the per-node insurance limiter refuses it.
    const f = await raw(a.url, flooder.token);
    const acks = await Promise.all(
      Array.from({ length: 150 }, (_, i) => call(f, "time:sync", { clientNow: i })),
    );
    const floodOk = acks.filter((x) => x.ok).length;
    const floodLimited = acks.filter((x) => !x.ok && x.error.code === "rate_limited").length;
    expect(floodOk).toBeLessThanOrEqual(60);
    expect(floodLimited).toBe(150 - floodOk);

    // Password guessing while Redis is down: still blocked after 5 failures for (email, IP).
    const api = apiClient(a.url);
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++)
      statuses.push(
        (await api.post("/auth/login", { email: "admin@test.local", password: `wrong-${i}` })).status,
      );
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);

    // Answers need only Postgres: saving goes on.
    const save = await call(s, "answer:save", {
      attemptId,
      questionId: joined.attempt.questions[0]!.id,
      response: { choice: "a" },
      seq: 1,
    });
    expect(save).toMatchObject({ ok: true, seq: 1 });

    const restartAt = Date.now();
    await redis.start();
    const readyMs = await until(
      "both nodes ready again",
      async () => {
        const r = await Promise.all([a, b].map((n) => fetch(`${n.url}/readyz`)));
        return r.every((x) => x.status === 200);
      },
      60_000,
    );
    // Cross-node events resume: keep sending until one arrives (bounded), both directions.
    let sent = 0;
    const crossMs = await until(
      "a proctor message from A reaches B",
      async () => {
        const text = `after-${sent++}`;
        const got = next(s, "proctor:message", (m) => m.text === text, 1000);
        await call(p, "proctor:message", { sessionId, text });
        return got.then(
          () => true,
          () => false,
        );
      },
      60_000,
    );
    const flag = next(p, "integrity:event", (e) => e.attemptId === attemptId, 10_000);
    expect(
      await call(s, "integrity:report", { attemptId, kind: "copy", at: new Date().toISOString() }),
    ).toMatchObject({ ok: true });
    expect(await flag).toMatchObject({ kind: "copy" });
    expect([a, b].every(alive)).toBe(true);
    report("redis killed and restarted", {
      downMs: restartAt - downAt,
      floodSent: 150,
      floodAccepted: floodOk,
      floodRateLimited: floodLimited,
      loginStatusesWhileDown: statuses,
      saveWhileRedisDown: save.ok,
      readyAfterRestartMs: readyMs,
      crossNodeEventsBackAfterMs: readyMs + crossMs,
      messagesTriedUntilDelivered: sent,
      nodesAlive: [a, b].filter(alive).length,
    });
  });
});
