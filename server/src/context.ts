import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";
import type { BlockList } from "node:net";
import type postgres from "postgres";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { HashGate } from "./auth/hash-gate.ts";
import type { Revocations } from "./auth/revocations.ts";
import type { Signal } from "./infra/signal.ts";
import type { TokenService } from "./auth/tokens.ts";
import type { Config } from "./config.ts";
import type { ExamContentCache } from "./exam/content.ts";
import type { Cache } from "./infra/cache.ts";
import type { LoadShedder } from "./infra/load-shed.ts";
import type { Logger } from "./infra/logger.ts";
import type { Metrics } from "./infra/metrics.ts";
import type { Redis } from "./infra/redis.ts";

export interface Limiters {
  /** Distinct accounts tried per client IP (spraying); known (account, IP) pairs are spared. */
  loginIp: RateLimiterAbstract;
  /** Login attempts per (email, IP), consumed before the hash: blocks a guesser, not the owner elsewhere. */
  loginEmailIp: RateLimiterAbstract;
  /** Current-password checks per user on `POST /me/password`. */
  passwordChange: RateLimiterAbstract;
  register: RateLimiterAbstract;
  /** Socket events per user, answer saves. */
  socketSave: RateLimiterAbstract;
  /** Socket events per user, everything else. */
  socketOther: RateLimiterAbstract;
}

/**
 * Everything a request or socket handler needs, built once per server by `createAppContext`
 * (compose.ts), in dependency order: nothing is added to it after construction.
 */
export interface AppContext {
  config: Config;
  db: Kysely<Database>;
  sql: postgres.Sql;
  redis: Redis | null;
  log: Logger;
  metrics: Metrics;
  tokens: TokenService;
  cache: Cache;
  limiters: Limiters;
  /** Bounds the password hashes this node runs at once (sign-in, registration, password change). */
  hashGate: HashGate;
  /** Peers whose X-Forwarded-For names the client (loopback and TRUST_PROXY). */
  proxyTrust: BlockList;
  /** Published exams (frozen), loaded at most once per node. */
  exams: ExamContentCache;
  /** "This user's sessions end now" (disable, password change): the realtime layer subscribes and cuts sockets. */
  revocations: Revocations;
  /** "This exam changed" (closed now, unpublished): the realtime layer makes every node drop its copy. */
  examChanges: Signal<string>;
  /** Event-loop lag watch: while overloaded, new requests and socket events are refused at once. */
  load: LoadShedder;
  /** Set when SIGTERM starts a drain: readiness answers 503. */
  state: { draining: boolean };
}

/**
 * The narrow slice of the context a domain service uses, named at its boundary:
 * `new ExamContentCache(deps: Deps<"db" | "metrics">)`. The whole context satisfies every slice.
 */
export type Deps<K extends keyof AppContext> = Pick<AppContext, K>;
