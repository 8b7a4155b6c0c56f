import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { startPrivateRedis, type PrivateRedis } from "../faults/private-redis.ts";
import { startTcpProxy, type TcpProxy } from "../faults/tcp-proxy.ts";
import { startServer, type RunningServer } from "../server.ts";
import { createTestDatabase, type TestDatabase } from "../testing/database.ts";
import { TEST_JWT_SECRET } from "../testing/server.ts";
import { createLogger } from "./logger.ts";

// imtihon_dependency_up is what the "Postgres/Redis unreachable" alerts read: it must follow the
// node's real view of both, through a cut and back. Postgres is reached through a proxy we own and
// Redis is a private redis-server, so the shared services are never touched.

describe("dependency metrics on /metrics", () => {
  let database: TestDatabase;
  let proxy: TcpProxy;
  let redis: PrivateRedis;
  let server: RunningServer;

  beforeAll(async () => {
    database = await createTestDatabase();
    const u = new URL(database.url);
    proxy = await startTcpProxy({ host: u.hostname, port: Number(u.port || 5432) });
    u.host = `127.0.0.1:${proxy.port}`;
    redis = await startPrivateRedis();
    const config = {
      ...loadConfig({ PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "silent", SEED_DEMO: "0" }),
      databaseUrl: u.toString(),
      redisUrl: redis.url,
      redisPrefix: `t${database.name}`,
    };
    server = await startServer(config, {
      databaseUrl: u.toString(),
      jwtSecret: TEST_JWT_SECRET,
      logger: createLogger("silent"),
      skipMigrate: true,
    });
  });
  afterAll(async () => {
    await server?.close({ drainMs: 0 });
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
    const archiveMode = await server.ctx.sql<{ a: string }[]>`select current_setting('archive_mode') as a`;
    if (archiveMode[0]!.a === "off")
      expect(s.text).not.toMatch(/^imtihon_pg_wal_archived_timestamp_seconds /m);
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
