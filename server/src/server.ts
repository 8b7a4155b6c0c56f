import { createAdaptorServer } from "@hono/node-server";
import { connect, migrateToLatest, seedDemo } from "@imtihon/db";
import type { AddressInfo } from "node:net";
import type { Server as HttpServer } from "node:http";
import { createTokenService } from "./auth/tokens.ts";
import { ensureAdmin } from "./auth/bootstrap.ts";
import { HashGate } from "./auth/hash-gate.ts";
import type { Config } from "./config.ts";
import type { AppContext } from "./context.ts";
import { ExamContentCache } from "./exam/content.ts";
import { createHttpApp } from "./http/app.ts";
import { createCache } from "./infra/cache.ts";
import { createProxyTrust } from "./infra/client-ip.ts";
import { flushErrorReporting, initErrorReporting } from "./infra/error-reporting.ts";
import { createLogger, type Logger } from "./infra/logger.ts";
import { createMetrics } from "./infra/metrics.ts";
import { LoadShedder } from "./infra/load-shed.ts";
import { createLimiter } from "./infra/rate-limit.ts";
import { createRedis } from "./infra/redis.ts";
import { attachRealtime, type Realtime } from "./realtime/index.ts";

export interface RunningServer {
  url: string;
  port: number;
  ctx: AppContext;
  realtime: Realtime;
  /** Graceful: stop accepting, tell sockets to move, flush answers, close pools. */
  close(options?: { drainMs?: number }): Promise<void>;
}

export interface StartOptions {
  databaseUrl: string;
  jwtSecret: string;
  logger?: Logger;
  /** Print-once admin credentials when the bootstrap generated a password. */
  onAdminCreated?: (email: string, password: string) => void;
  /** Skip migrations (a test that migrated already). */
  skipMigrate?: boolean;
}

export async function startServer(config: Config, options: StartOptions): Promise<RunningServer> {
  const log = options.logger ?? createLogger(config.logLevel, { node: config.nodeId });
  if (config.sentryDsn)
    await initErrorReporting({
      dsn: config.sentryDsn,
      release: config.sentryRelease,
      environment: config.sentryEnvironment,
      nodeId: config.nodeId,
    });
  if (!options.skipMigrate) {
    const migrated = await migrateToLatest(options.databaseUrl);
    const applied = migrated.results?.filter((r) => r.status === "Success").map((r) => r.migrationName) ?? [];
    if (applied.length) log.info({ applied }, "migrations applied");
  }
  const { db, sql, close: closeDb } = connect(options.databaseUrl, { max: config.dbPoolMax });
  const redis = config.redisUrl ? createRedis(config.redisUrl, log, "cmd") : null;
  const ctx = {
    config,
    db,
    sql,
    redis,
    log,
    metrics: createMetrics(),
    tokens: createTokenService(options.jwtSecret, config.accessTokenSeconds, config.jwtSecretPrevious),
    cache: createCache(redis),
    limiters: {
      // Key prefixes are namespaced per purpose (login:, password:), so no key of one limiter can
      // spend another's budget (an "email" shaped like a user id once blocked that user's password change).
      loginIp: createLimiter(
        redis,
        { keyPrefix: "login:ip-accounts", points: 100, durationSeconds: 900, blockSeconds: 900 },
        config.redisPrefix,
      ),
      loginEmailIp: createLimiter(
        redis,
        { keyPrefix: "login:account-ip", points: 5, durationSeconds: 900, blockSeconds: 900 },
        config.redisPrefix,
      ),
      passwordChange: createLimiter(
        redis,
        { keyPrefix: "password:user", points: 5, durationSeconds: 900, blockSeconds: 900 },
        config.redisPrefix,
      ),
      register: createLimiter(
        redis,
        { keyPrefix: "register-ip", points: 300, durationSeconds: 3600 },
        config.redisPrefix,
      ),
      // Per node, in memory: the one limiter on the answer hot path. Through Redis it cost a round
      // trip per answer, ~10 % of a node's time at saturation (CPU profile, docs/performance.md).
      // A user's sockets per node are capped (SOCKET_MAX_PER_USER) and each socket has its own
      // token bucket (socket-guard.ts), so the cluster-wide rate stays bounded by nodes × this.
      socketSave: createLimiter(
        null,
        { keyPrefix: "sock-save", points: 120, durationSeconds: 10 },
        config.redisPrefix,
      ),
      socketOther: createLimiter(
        redis,
        { keyPrefix: "sock-other", points: 60, durationSeconds: 10 },
        config.redisPrefix,
      ),
    },
    hashGate: new HashGate(),
    load: new LoadShedder(config.loadShedLagMs),
    state: { draining: false },
    proxyTrust: createProxyTrust(config.trustProxy),
  } as AppContext;
  ctx.exams = new ExamContentCache(ctx);

  if (config.seedDemo) {
    const seeded = await seedDemo(db);
    log.info(seeded, "demo catalogue ready");
  }
  await ensureAdmin(ctx, options.onAdminCreated);

  if (config.production && !config.socketOrigins.length)
    log.warn("no PUBLIC_URL or SOCKET_ORIGINS: browser sockets are checked against the Host header only");
  const app = createHttpApp(ctx);
  // A client that sends its headers or body a byte at a time is cut instead of holding a socket for
  // minutes (Node's defaults: 60 s for headers, 300 s for the whole request, checked every 30 s).
  const httpServer = createAdaptorServer({
    fetch: app.fetch,
    serverOptions: {
      headersTimeout: Math.min(10_000, config.httpRequestTimeoutMs),
      requestTimeout: config.httpRequestTimeoutMs,
      connectionsCheckingInterval: 1000,
    },
  }) as HttpServer;
  ctx.load.start();
  const lagGauge = setInterval(() => ctx.metrics.eventLoopLag.set(ctx.load.lagMs), 1000);
  lagGauge.unref();
  const realtime = await attachRealtime(ctx, httpServer);
  await new Promise<void>((resolve, reject) => {
    httpServer.once("error", reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
  log.info({ url }, "listening");

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    ctx,
    realtime,
    close: (o = {}) =>
      (closing ??= (async () => {
        ctx.state.draining = true;
        await realtime.drain(o.drainMs ?? config.drainSeconds * 1000);
        // Stop accepting; let requests in flight finish (idle keep-alive sockets close now), and
        // cut whatever is still open after a bound so a stuck client cannot hold the exit.
        await new Promise<void>((resolve) => {
          const force = setTimeout(() => httpServer.closeAllConnections(), 10_000);
          httpServer.close(() => {
            clearTimeout(force);
            resolve();
          });
          httpServer.closeIdleConnections();
        });
        await realtime.close();
        ctx.load.stop();
        clearInterval(lagGauge);
        await redis?.quit().catch(() => undefined);
        await closeDb();
        await flushErrorReporting();
        log.info("closed");
      })()),
  };
}
