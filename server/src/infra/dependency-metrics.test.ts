import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPrivateRedis, type PrivateRedis } from "../faults/private-redis.ts";
import { startTcpProxy, type TcpProxy } from "../faults/tcp-proxy.ts";
import { createTestDatabase, type NodeProcess, spawnNode, type TestDatabase } from "@imtihon/testing";

// imtihon_dependency_up is what the "Postgres/Redis unreachable" alerts read: it must follow the
// node's real view of both, through a cut and back. Postgres is reached through a proxy we own and
// Redis is a private redis-server, so the shared services are never touched. The node is a real
// process (killed at the end): a connection cut mid-write can leave postgres.js with a query that
// never settles, which would hold an in-process server's close.

describe("dependency metrics on /metrics", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let redis: PrivateRedis;
  let server: NodeProcess;

  beforeAll(async () => {
    database = await createTestDatabase();
    const u = new URL(database.url);
    proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
    u.host = `127.0.0.1:${proxy.port}`;
    redis = await startPrivateRedis();
    server = await spawnNode({
      databaseUrl: u.toString(),
      redisUrl: redis.url,
      redisPrefix: `t${database.name}`,
    });
  });
  afterAll(async () => {
    await server?.kill("SIGKILL");
    await proxy?.close();
    await redis?.close();
    await database?.drop();
  });

  const scrape = async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    const value = (dep: string) =>
      Number(new RegExp(`^imtihon_dependency_up\\{dependency="${dep}"\\} (\\S+)$`, "m").exec(text)?.[1]);
    return { postgres: value("postgres"), redis: value("redis"), text };
  };

  it("is 1 for both when reachable, without WAL gauges when archiving is off", async () => {
    const s = await scrape();
    expect(s).toMatchObject({ postgres: 1, redis: 1 });
    const admin = postgres(database.url, { max: 1, onnotice: () => {} });
    const [mode] = await admin<{ a: string }[]>`select current_setting('archive_mode') as a`;
    await admin.end();
    if (mode!.a === "off") expect(s.text).not.toMatch(/^imtihon_pg_wal_archived_timestamp_seconds /m);
  });

  it("drops to 0 for each while it is cut, and comes back", async () => {
    proxy.cut();
    await redis.stop(true);
    await expect.poll(async () => (await scrape()).postgres).toBe(0);
    expect((await scrape()).redis).toBe(0);
    proxy.restore();
    await redis.start();
    await expect
      .poll(
        async () => {
          const s = await scrape();
          return { postgres: s.postgres, redis: s.redis };
        },
        { timeout: 30_000 },
      )
      .toEqual({ postgres: 1, redis: 1 });
  }, 60_000);
});
