import { createAdaptorServer } from "@hono/node-server";
import { connect, migrateToLatest, seedDemo } from "@imtihon/db";
import type { AddressInfo } from "node:net";
import type { Server as HttpServer } from "node:http";
import { ensureAdmin } from "./auth/bootstrap.ts";
import { createAppContext } from "./compose.ts";
import type { Config } from "./config.ts";
import type { AppContext } from "./context.ts";
import { ExamRuntime } from "./exam/runtime.ts";
import { createHttpApp } from "./http/app.ts";
import { flushErrorReporting, initErrorReporting } from "./infra/error-reporting.ts";
import { createLogger, type Logger } from "./infra/logger.ts";
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
  const ctx = createAppContext({ config, db, sql, redis, log, jwtSecret: options.jwtSecret });
  const runtime = new ExamRuntime(ctx, {
    sweepIntervalMs: config.sweepIntervalMs,
    answerQueueMax: config.answerQueueMax,
  });

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
  const realtime = await attachRealtime(ctx, runtime, httpServer);
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
