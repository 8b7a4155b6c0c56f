import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";
import type postgres from "postgres";
import { HashGate } from "./auth/hash-gate.ts";
import { Revocations } from "./auth/revocations.ts";
import { Signal } from "./infra/signal.ts";
import { createTokenService } from "./auth/tokens.ts";
import type { Config } from "./config.ts";
import type { AppContext, Limiters } from "./context.ts";
import { ExamContentCache } from "./exam/content.ts";
import { createCache } from "./infra/cache.ts";
import { createProxyTrust } from "./infra/client-ip.ts";
import { LoadShedder } from "./infra/load-shed.ts";
import type { Logger } from "./infra/logger.ts";
import { createMetrics, type Metrics } from "./infra/metrics.ts";
import { createLimiter } from "./infra/rate-limit.ts";
import type { Redis } from "./infra/redis.ts";

/** The connections and settings a context is built from; the caller owns (and closes) the pools. */
export interface ContextSources {
  config: Config;
  db: Kysely<Database>;
  sql: postgres.Sql;
  redis: Redis | null;
  log: Logger;
  jwtSecret: string;
  /** A fresh registry unless given (one process, one registry). */
  metrics?: Metrics;
}

/**
 * The composition root of a node's services: each is created once, in dependency order, from the
 * pieces before it, and the context is complete when returned. The server adds the HTTP app and the
 * realtime layer on top (server.ts); benchmarks build the same context without them.
 */
export function createAppContext(s: ContextSources): AppContext {
  const { config, db, sql, redis, log } = s;
  const metrics = s.metrics ?? createMetrics();
  return {
    config,
    db,
    sql,
    redis,
    log,
    metrics,
    tokens: createTokenService(s.jwtSecret, config.accessTokenSeconds, config.jwtSecretPrevious),
    cache: createCache(redis),
    limiters: createLimiters(config, redis),
    hashGate: new HashGate(),
    proxyTrust: createProxyTrust(config.trustProxy),
    exams: new ExamContentCache({ db, metrics }),
    revocations: new Revocations(),
    examChanges: new Signal<string>(),
    load: new LoadShedder(config.loadShedLagMs),
    state: { draining: false },
  };
}

function createLimiters(config: Config, redis: Redis | null): Limiters {
  return {
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
  };
}
