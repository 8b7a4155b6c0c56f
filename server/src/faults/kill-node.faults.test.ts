import { createExamClient, type ExamClient, type SessionWatch } from "@imtihon/client-sdk";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type Balancer,
  createExam,
  createSession,
  createUser,
  createUsers,
  type NodeProcess,
  startBalancer,
} from "@imtihon/testing";
import { faultCluster, report, skipReason, sleep, until, type FaultCluster } from "./cluster.ts";
import { audit, reconnectFigures, startCrowd } from "./students.ts";

// Fault 1: kill -9 one of three nodes while 300 students save through the balancer; then again,
// killing the node that holds the proctor. Nothing acknowledged may be missing from Postgres.

const STUDENTS = Number(process.env.FAULT_STUDENTS ?? 300);

describe.skipIf(skipReason("kill-node"))("kill -9 of a node mid-exam", () => {
  let cluster: FaultCluster;
  const balancers: Balancer[] = [];
  beforeAll(async () => {
    cluster = await faultCluster();
  });
  afterAll(async () => {
    for (const b of balancers) await b.close();
    await cluster?.teardown();
  });

  async function scenario(
    name: string,
    nodes: NodeProcess[],
    victim: NodeProcess,
    proctorFirst: NodeProcess,
  ) {
    const { handle } = cluster;
    const lb = await startBalancer(nodes.map((n) => n.port));
    // The proctor's own balancer sends its first connection to `proctorFirst`, later ones elsewhere.
    const proctorLb = await startBalancer([
      proctorFirst.port,
      ...nodes.filter((n) => n !== proctorFirst).map((n) => n.port),
    ]);
    balancers.push(lb, proctorLb);
    const exam = await createExam(handle.db, {
      mode: "live",
      sections: [{ title: "A", count: 30, points: 100 }],
      durationSeconds: 1800,
    });
    const proctor = await createUser(handle.db, "proctor");
    const sessionId = await createSession(handle.db, exam.id, proctor.id);
    const students = await createUsers(handle.db, STUDENTS);
    const crowd = await startCrowd(
      lb.url,
      students.map((s) => s.token),
      { sessionId },
    );
    let proctorClient: ExamClient | undefined;
    try {
      proctorClient = createExamClient({
        url: proctorLb.url,
        getToken: () => proctor.token,
        socketOptions: { reconnectionDelay: 200, reconnectionDelayMax: 1000 },
      });
      let proctorMoved = false;
      proctorClient.on("connection", (s) => s === "reconnecting" && (proctorMoved = true));
      const watch: SessionWatch = await proctorClient.watchSession(sessionId);
      await watch.start();
      await until("every attempt in progress", () => crowd.attempts.every((a) => a.status === "in_progress"));

      crowd.startSaving(400);
      await sleep(3000);
      const killedAt = Date.now();
      await victim.kill("SIGKILL");
      const ackedBeforeKill = crowd.ledger.ackCount;
      await sleep(4000);
      await crowd.stopSaving();
      await crowd.flushAll(60_000);
      const recoverMs = Date.now() - killedAt;

      const result = await audit(handle.db, crowd);
      expect(result.lost).toBe(0);
      expect(result.diverged).toBe(0);
      expect(crowd.ledger.rejected.size).toBe(0);
      expect(crowd.moved.size).toBeGreaterThan(0);
      expect(reconnectFigures(crowd).stillOut).toBe(0);
      expect(proctorMoved).toBe(victim === proctorFirst);

      // The proctor's roster (resynced by itself after any reconnect) matches the database.
      const dbRoster = async () => {
        const rows = await handle.db
          .selectFrom("attempts as a")
          .leftJoin("answers as x", "x.attempt_id", "a.id")
          .select((eb) => ["a.id", "a.status", eb.fn.count<string>("x.question_id").as("n")])
          .where("a.session_id", "=", sessionId)
          .groupBy(["a.id", "a.status"])
          .execute();
        return new Map(rows.map((r) => [r.id, { status: r.status, answered: Number(r.n) }]));
      };
      const rosterMatches = async () => {
        const db = await dbRoster();
        const roster = watch.roster;
        return (
          roster.length === db.size &&
          roster.every((e) => {
            const d = db.get(e.attemptId);
            return d && d.status === e.status && d.answered === e.answered && e.connected;
          })
        );
      };
      const rosterMs = await until("the proctor's roster matches Postgres", rosterMatches, 30_000);

      // Every student finishes on a surviving node.
      const done = await Promise.all(crowd.attempts.map((a) => a.submit()));
      expect(done.every((d) => d.status === "submitted")).toBe(true);
      await until("the roster shows every attempt submitted", async () =>
        watch.roster.every((e) => e.status === "submitted"),
      );
      report(name, {
        students: STUDENTS,
        saves: crowd.ledger.saveCount,
        acked: crowd.ledger.ackCount,
        ackedBeforeKill,
        ackedKeys: result.ackedKeys,
        storedOk: result.stored,
        lost: result.lost,
        studentsThatMoved: crowd.moved.size,
        reconnect: reconnectFigures(crowd),
        proctorMoved,
        outboxesEmptyAfterKillMs: recoverMs,
        rosterConsistentAfterMs: rosterMs,
        submitted: done.length,
      });
    } finally {
      proctorClient?.close();
      crowd.close();
    }
  }

  test(`${STUDENTS} students, a student-only node killed: every ack stored, everyone finishes`, async () => {
    const [a, b, c] = await Promise.all([cluster.spawn(), cluster.spawn(), cluster.spawn()]);
    await scenario("kill-9 student node", [a!, b!, c!], b!, c!);
  });

  test(`${STUDENTS} students, the proctor's node killed: the proctor resyncs, nothing lost`, async () => {
    const alive = cluster.nodes.filter((n) => n.child.exitCode === null && n.child.signalCode === null);
    const d = await cluster.spawn();
    const [a, c] = alive as [NodeProcess, NodeProcess];
    await scenario("kill-9 proctor node", [a, c, d], c, c);
  });
});
