import { inject } from "vitest";
import { createLogger, loadConfig, startServer, type Config, type RunningServer } from "@imtihon/server";
import { createTestDatabase, type TestDatabase } from "./database.ts";

export const TEST_JWT_SECRET = "test-secret-test-secret-test-secret-0123456789";

export interface TestServer extends RunningServer {
  database: TestDatabase;
  /** Closes the server and drops its database. */
  stop(): Promise<void>;
}

/** An in-process server on port 0 with its own database. */
export async function startTestServer(
  overrides: Partial<Config> & { database?: TestDatabase; withRedis?: boolean } = {},
): Promise<TestServer> {
  const { database: given, withRedis, ...rest } = overrides;
  const database = given ?? (await createTestDatabase());
  const config: Config = {
    // No load shedding by default: on a shared 2-core machine lag spikes would refuse unrelated tests'
    // requests; the shedding tests turn it on themselves. Tests open many sockets per user (one per
    // case, kept to the end), so the per-user cap is lifted here and tested in floods.test.ts.
    ...loadConfig({
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      SEED_DEMO: "0",
      DRAIN_SECONDS: "0",
      LOAD_SHED_LAG_MS: "0",
      SOCKET_MAX_PER_USER: "1000",
    }),
    databaseUrl: database.url,
    redisUrl: withRedis ? inject("redisUrl") : undefined,
    adminEmail: "admin@test.local",
    adminPassword: "admin-password-123",
    redisPrefix: `t${database.name}`,
    ...rest,
  };
  const server = await startServer(config, {
    databaseUrl: database.url,
    jwtSecret: TEST_JWT_SECRET,
    logger: createLogger(process.env.TEST_LOG_LEVEL ?? "warn", { test: true }),
    skipMigrate: !given ? true : false,
  });
  return {
    ...server,
    database,
    stop: async () => {
      await server.close({ drainMs: 0 });
      if (!given) await database.drop();
    },
  };
}
