import { once } from "node:events";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  type Balancer,
  connectRaw,
  createExam,
  createUsers,
  next,
  type NodeProcess,
  startBalancer,
} from "@imtihon/testing";
import { faultCluster, report, skipReason, sleep, type FaultCluster } from "./cluster.ts";
import { audit, metric, reconnectFigures, startCrowd } from "./students.ts";

// Fault 5: SIGTERM one of three nodes mid-exam. Its clients are told `server:draining`, move to
// another node through the balancer and lose nothing; the process flushes its writer and exits 0.

const STUDENTS = Number(process.env.FAULT_STUDENTS ?? 300);

describe.skipIf(skipReason("drain"))("graceful drain of one node", () => {
  let cluster: FaultCluster;
  let lb: Balancer | undefined;
  beforeAll(async () => {
    cluster = await faultCluster();
  });
  afterAll(async () => {
    await lb?.close();
    await cluster?.teardown();
  });

  test(`SIGTERM under ${STUDENTS} saving students: draining told, clients move, nothing lost, exit 0`, async () => {
    const [a, b, c] = (await Promise.all([cluster.spawn(), cluster.spawn(), cluster.spawn()])) as [
      NodeProcess,
      NodeProcess,
      NodeProcess,
    ];
    lb = await startBalancer([a.port, b.port, c.port]);
    const exam = await createExam(cluster.handle.db, {
      sections: [{ title: "A", count: 20, points: 100 }],
      durationSeconds: 1800,
    });
    const students = await createUsers(cluster.handle.db, STUDENTS + 1);
    const watcher = students.pop()!;
    const crowd = await startCrowd(
      lb.url,
      students.map((s) => s.token),
      { examId: exam.id },
    );
    // A plain socket pinned to the victim sees the announcement itself.
    const pinned = await connectRaw(b.url, watcher.token);
    try {
      crowd.startSaving(400);
      await sleep(3000);
      const onVictim = await metric(b.url, "imtihon_sockets_connected");
      const announced = next(pinned, "server:draining", () => true, 10_000);
      const exited = once(b.child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
      const termAt = Date.now();
      b.child.kill("SIGTERM");
      expect(await announced).toMatchObject({ retryInMs: expect.any(Number) });
      const [code, signal] = await exited;
      const exitMs = Date.now() - termAt;
      await sleep(2000);
      await crowd.stopSaving();
      await crowd.flushAll(60_000);

      expect({ code, signal }).toEqual({ code: 0, signal: null });
      expect(b.logs.some((l) => l.includes('"msg":"closed"'))).toBe(true);
      const result = await audit(cluster.handle.db, crowd);
      expect(result.lost).toBe(0);
      expect(result.diverged).toBe(0);
      expect(crowd.ledger.rejected.size).toBe(0);
      // Every student the victim held had to move (the pinned socket is not in the crowd).
      expect(crowd.moved.size).toBeGreaterThanOrEqual(onVictim - 1);
      expect(reconnectFigures(crowd).stillOut).toBe(0);
      const done = await Promise.all(crowd.attempts.map((x) => x.submit()));
      expect(done.every((d) => d.status === "submitted")).toBe(true);
      report("SIGTERM drain", {
        students: STUDENTS,
        socketsOnVictim: onVictim,
        studentsThatMoved: crowd.moved.size,
        reconnect: reconnectFigures(crowd),
        exitCode: code,
        exitAfterSigtermMs: exitMs,
        saves: crowd.ledger.saveCount,
        acked: crowd.ledger.ackCount,
        ackedKeys: result.ackedKeys,
        storedOk: result.stored,
        lost: result.lost,
        submitted: done.length,
      });
    } finally {
      pinned.disconnect();
      crowd.close();
    }
  });
});
