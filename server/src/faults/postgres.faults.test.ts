import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { type Balancer, createExam, createUsers, type NodeProcess, startBalancer } from "@imtihon/testing";
import { faultCluster, report, skipReason, sleep, until, type FaultCluster } from "./cluster.ts";
import { audit, metric, percentile, rssMiB, startCrowd } from "./students.ts";
import { startTcpProxy, type TcpProxy } from "./tcp-proxy.ts";

// Faults 3 and 4: Postgres cut off (a TCP proxy we own drops and refuses connections) and Postgres
// slow (the proxy holds every chunk). The shared Postgres itself is never touched.

const alive = (n: NodeProcess) => n.child.exitCode === null && n.child.signalCode === null;

async function readyz(n: NodeProcess) {
  const res = await fetch(`${n.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { checks: Record<string, string> } };
}

describe.skipIf(skipReason("postgres"))("Postgres behind a proxy we can cut and slow", () => {
  let cluster: FaultCluster;
  let proxy: TcpProxy;
  let proxiedUrl: string;
  const balancers: Balancer[] = [];
  beforeAll(async () => {
    cluster = await faultCluster();
    const server = new URL(inject("pgServerUrl"));
    proxy = await startTcpProxy({ host: server.hostname, port: Number(server.port || 5432) });
    const u = new URL(cluster.database.url);
    u.hostname = "127.0.0.1";
    u.port = String(proxy.port);
    proxiedUrl = u.toString();
  });
  afterAll(async () => {
    for (const b of balancers) await b.close();
    await cluster?.teardown();
    await proxy?.close();
  });

  test("cut mid-exam: saves are held or refused, never acked before commit; /readyz 503; the outboxes deliver after", async () => {
    const nodes = await Promise.all([cluster.spawn({}, proxiedUrl), cluster.spawn({}, proxiedUrl)]);
    const lb = await startBalancer(nodes.map((n) => n.port));
    balancers.push(lb);
    const exam = await createExam(cluster.handle.db, {
      sections: [{ title: "A", count: 20, points: 100 }],
      durationSeconds: 1800,
    });
    const students = await createUsers(cluster.handle.db, 100);
    const crowd = await startCrowd(
      lb.url,
      students.map((s) => s.token),
      { examId: exam.id },
    );
    try {
      crowd.startSaving(400);
      await sleep(2000);
      const ackedBefore = crowd.ledger.ackCount;
      const cutAt = Date.now();
      proxy.cut();
      const readyDuringCut = await Promise.all(nodes.map(readyz));
      await sleep(5000);
      const readyLate = await Promise.all(nodes.map(readyz));
      const restoredAt = Date.now();
      const savesDuringCut = crowd.ledger.saveCount;
      proxy.restore();
      const readyMs = await until("both nodes ready again", async () =>
        (await Promise.all(nodes.map(readyz))).every((r) => r.status === 200),
      );
      await sleep(2000);
      await crowd.stopSaving();
      await crowd.flushAll(60_000);
      const drainedMs = Date.now() - restoredAt;

      for (const r of [...readyDuringCut, ...readyLate]) {
        expect(r.status).toBe(503);
        expect(r.body.checks.postgres).toBe("down");
      }
      // An ack received while Postgres was unreachable can only be for a write committed before the cut.
      const duringCut = crowd.ledger.ackTimes.filter(
        (a) => a.receivedAt > cutAt && a.receivedAt < restoredAt,
      );
      const afterCommitOnly = duringCut.every((a) => a.savedAt === undefined || a.savedAt <= cutAt);
      expect(afterCommitOnly).toBe(true);
      const result = await audit(cluster.handle.db, crowd);
      expect(result.lost).toBe(0);
      expect(result.diverged).toBe(0);
      expect(crowd.ledger.rejected.size).toBe(0);
      expect(nodes.every(alive)).toBe(true);
      const refusedUnavailable = (
        await Promise.all(
          nodes.map((n) => metric(n.url, "imtihon_answer_acks_total", 'outcome="unavailable"')),
        )
      ).reduce((x, y) => x + y, 0);
      report("postgres cut 5 s", {
        students: 100,
        saves: crowd.ledger.saveCount,
        acked: crowd.ledger.ackCount,
        ackedBeforeCut: ackedBefore,
        savesMadeUntilRestore: savesDuringCut,
        acksReceivedDuringCut: duringCut.length,
        acksDuringCutCommittedAfterCut: duringCut.filter((a) => a.savedAt !== undefined && a.savedAt > cutAt)
          .length,
        refusedUnavailableServerSide: refusedUnavailable,
        ackedKeys: result.ackedKeys,
        storedOk: result.stored,
        lost: result.lost,
        readyAgainAfterRestoreMs: readyMs,
        outboxesEmptyAfterRestoreMs: drainedMs,
      });
    } finally {
      crowd.close();
      await Promise.all(nodes.map((n) => n.kill("SIGKILL")));
    }
  });

  test("slow (200 ms per chunk): acks slow down, the writer's queue bound holds, memory stays bounded", async () => {
    const QUEUE_MAX = 100;
    const node = await cluster.spawn({ ANSWER_QUEUE_MAX: String(QUEUE_MAX) }, proxiedUrl);
    const exam = await createExam(cluster.handle.db, {
      sections: [{ title: "A", count: 20, points: 100 }],
      durationSeconds: 1800,
    });
    const students = await createUsers(cluster.handle.db, 150);
    const crowd = await startCrowd(
      node.url,
      students.map((s) => s.token),
      { examId: exam.id },
    );
    const pid = node.child.pid!;
    try {
      const rssIdle = await rssMiB(pid);
      crowd.startSaving(100);
      await sleep(3000);
      const fastUntil = Date.now();
      const rssFast = await rssMiB(pid);
      proxy.setDelay(200);
      let maxDepth = 0;
      let maxRss = 0;
      for (let i = 0; i < 20; i++) {
        await sleep(500);
        maxDepth = Math.max(maxDepth, await metric(node.url, "imtihon_answer_queue_depth"));
        maxRss = Math.max(maxRss, await rssMiB(pid));
      }
      const slowUntil = Date.now();
      proxy.setDelay(0);
      await crowd.stopSaving();
      await crowd.flushAll(60_000);
      const rssAfter = await rssMiB(pid);

      const lat = (from: number, to: number) =>
        crowd.ledger.ackTimes
          .filter((a) => a.receivedAt > from && a.receivedAt <= to)
          .map((a) => a.latencyMs);
      const fast = lat(0, fastUntil);
      const slow = lat(fastUntil + 2000, slowUntil);
      const overloaded = await metric(node.url, "imtihon_answer_acks_total", 'outcome="overloaded"');
      expect(maxDepth).toBeLessThanOrEqual(QUEUE_MAX);
      expect(overloaded).toBeGreaterThan(0);
      expect(percentile(slow, 50)).toBeGreaterThan(percentile(fast, 50));
      // The stated bound: a node under this load stays under 512 MiB resident, slow database or not.
      expect(maxRss).toBeLessThan(512);
      const result = await audit(cluster.handle.db, crowd);
      expect(result.lost).toBe(0);
      expect(result.diverged).toBe(0);
      expect(alive(node)).toBe(true);
      report("postgres slow 200 ms/chunk for 10 s", {
        students: 150,
        saves: crowd.ledger.saveCount,
        acked: crowd.ledger.ackCount,
        ackP50FastMs: percentile(fast, 50),
        ackP95FastMs: percentile(fast, 95),
        ackP50SlowMs: percentile(slow, 50),
        ackP95SlowMs: percentile(slow, 95),
        queueBound: QUEUE_MAX,
        maxQueueDepthSampled: maxDepth,
        refusedOverloaded: overloaded,
        rssMiB: { idle: rssIdle, fast: rssFast, slowPeak: maxRss, after: rssAfter },
        lost: result.lost,
      });
    } finally {
      proxy.setDelay(0);
      crowd.close();
    }
  });
});
