import { connect, type DbHandle } from "@imtihon/db";
import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createTestDatabase, type NodeProcess, spawnNode, type TestDatabase } from "@imtihon/testing";

/** Nodes of one test cluster: one database, one Redis prefix, torn down together. */
export interface FaultCluster {
  database: TestDatabase;
  handle: DbHandle;
  nodes: NodeProcess[];
  spawn(extra?: Record<string, string>, databaseUrl?: string): Promise<NodeProcess>;
  teardown(): Promise<void>;
}

export const redisUrl = inject("redisUrl");

export function skipReason(name: string): boolean {
  if (!redisUrl) console.log(`[faults/${name}] REDIS_URL not set: skipping (the fault suite needs Redis)`);
  return !redisUrl;
}

export async function faultCluster(options: { redisUrl?: string; env?: Record<string, string> } = {}) {
  const database = await createTestDatabase();
  const handle = connect(database.url, { max: 5 });
  const prefix = `flt-${randomBytes(4).toString("hex")}`;
  const nodes: NodeProcess[] = [];
  const cluster: FaultCluster = {
    database,
    handle,
    nodes,
    async spawn(extra = {}, databaseUrl = database.url) {
      const n = await spawnNode({
        databaseUrl,
        redisUrl: options.redisUrl ?? redisUrl,
        redisPrefix: prefix,
        // A small pool: the shared Postgres (max_connections 100) also serves everyone else's tests.
        extra: { SWEEP_INTERVAL_MS: "500", DB_POOL_MAX: "6", ...options.env, ...extra },
      });
      nodes.push(n);
      return n;
    },
    async teardown() {
      for (const n of nodes.filter((x) => x.child.exitCode !== null && x.child.signalCode === null))
        console.log(
          `[faults] node ${n.port} exited with ${n.child.exitCode}; last log lines:\n${n.logs.slice(-5).join("\n")}`,
        );
      await Promise.all(nodes.map((n) => n.kill("SIGKILL")));
      // Errors the nodes logged, for the reader of a failed run (a fault test expects some).
      const errors = nodes.flatMap((n) => n.logs.filter((l) => /"level":(50|60)/.test(l)));
      if (errors.length)
        console.log(
          `[faults] ${errors.length} error lines from the nodes, first ones:\n${errors.slice(0, 8).join("\n")}`,
        );
      await handle.close();
      await database.drop();
    },
  };
  return cluster;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true; returns how long that took, or throws after `timeoutMs`. */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  const started = Date.now();
  for (;;) {
    if (
      await Promise.resolve()
        .then(check)
        .catch(() => false)
    )
      return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await sleep(100);
  }
}

export function report(name: string, figures: Record<string, unknown>): void {
  console.log(`[faults] ${name} ${JSON.stringify(figures)}`);
}
