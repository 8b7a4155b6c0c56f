import { readFileSync } from "node:fs";
import os from "node:os";
import { z } from "zod";

const SERVER_VERSION = (
  JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { version: string }
).version;

const bool01 = z.enum(["0", "1"]).transform((v) => v === "1");
const list = z.string().transform((s) =>
  s
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean),
);

// docker compose passes `${VAR:-}` as an empty string: the same as unset for these.
const unsetIfEmpty = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === "" ? undefined : v), schema);

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 bytes").optional(),
  /** Secrets retired from JWT_SECRET (comma-separated): still accepted, never used to sign. */
  JWT_SECRET_PREVIOUS: list
    .pipe(z.array(z.string().min(32, "each JWT_SECRET_PREVIOUS entry must be at least 32 bytes")))
    .optional(),
  ADMIN_EMAIL: z.email().optional(),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  SEED_DEMO: bool01.optional(),
  CORS_ORIGINS: list.optional(),
  SOCKET_ORIGINS: list.optional(),
  NODE_ENV: z.string().default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATA_DIR: z.string().default(".data"),
  /** How many Postgres connections this node keeps. */
  DB_POOL_MAX: z.coerce.number().int().min(2).max(500).default(20),
  /** Seconds a draining node waits for clients to leave before closing. */
  DRAIN_SECONDS: z.coerce.number().min(0).max(600).default(5),
  /** Proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For is believed; loopback always is. */
  TRUST_PROXY: list.optional(),
  /** How often each node looks for overdue attempts. */
  SWEEP_INTERVAL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** Prefix of every Redis key and pub/sub channel; nodes of one cluster share it. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:_-]+$/)
    .default("imtihon"),
  /** Lifetime of an access token (tests shorten it to see expiry on an open socket). */
  ACCESS_TOKEN_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
  /** After `auth:expired`, how long a socket has to send `auth:refresh` before it is disconnected. */
  AUTH_REFRESH_GRACE_MS: z.coerce.number().int().min(0).max(600_000).default(30_000),
  /** Sentry (or compatible) DSN: unhandled errors are reported there when set. */
  SENTRY_DSN: unsetIfEmpty(z.string().url().optional()),
  SENTRY_ENVIRONMENT: unsetIfEmpty(z.string().optional()),
  /** The release errors are filed under; default imtihon-server@<package version>. */
  SENTRY_RELEASE: unsetIfEmpty(z.string().optional()),
  /** This node's name in logs and error reports; default the host name (a container's id). */
  NODE_ID: unsetIfEmpty(z.string().optional()),
  /** Answers waiting for a batch beyond this are refused with `unavailable` (bounded memory). */
  ANSWER_QUEUE_MAX: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  /** Payme cashbox id and key; unset: Payme off. */
  PAYME_MERCHANT_ID: z.string().min(1).optional(),
  PAYME_KEY: z.string().min(1).optional(),
  PAYME_CHECKOUT_URL: z.url().default("https://checkout.paycom.uz"),
  /** Click credentials; unset: Click off. */
  CLICK_SERVICE_ID: z.string().min(1).optional(),
  CLICK_MERCHANT_ID: z.string().min(1).optional(),
  CLICK_SECRET_KEY: z.string().min(1).optional(),
  CLICK_MERCHANT_USER_ID: z.string().min(1).optional(),
  CLICK_CHECKOUT_URL: z.url().default("https://my.click.uz/services/pay"),
  /** The site's public base URL: payment return links, and a browser socket must come from its origin. */
  PUBLIC_URL: z.url().optional(),
  /** Sockets one user may hold on one node (tabs, reconnect overlap); more fail with `rate_limited`. */
  SOCKET_MAX_PER_USER: z.coerce.number().int().min(1).max(100_000).default(10),
  /** WebSocket connections one client address may hold on one node (a school NAT shares one). */
  SOCKET_MAX_PER_ADDRESS: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** Event-loop lag (ms) above which new requests and socket events are refused; 0 turns it off. */
  LOAD_SHED_LAG_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  /** Bearer token for GET /metrics; without it production does not serve /metrics at all. */
  METRICS_TOKEN: z.string().min(16, "METRICS_TOKEN must be at least 16 characters").optional(),
  /** `1` serves /docs and /openapi.json in production (always served otherwise). */
  DOCS_ENABLED: bool01.optional(),
  /** Whole-request deadline (headers and body) of an HTTP request: slow-body clients are cut. */
  HTTP_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
});

export type Env = z.infer<typeof envSchema>;

/** Every variable the server reads. */
export const ENV_NAMES = Object.keys(envSchema.shape) as (keyof Env)[];

export interface Config {
  port: number;
  host: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  jwtSecret: string | undefined;
  jwtSecretPrevious: string[];
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  seedDemo: boolean;
  corsOrigins: string[];
  socketOrigins: string[];
  production: boolean;
  logLevel: Env["LOG_LEVEL"];
  dataDir: string;
  dbPoolMax: number;
  drainSeconds: number;
  redisPrefix: string;
  sweepIntervalMs: number;
  trustProxy: string[];
  accessTokenSeconds: number;
  authRefreshGraceMs: number;
  answerQueueMax: number;
  payme: { merchantId: string; key: string; checkoutUrl: string } | null;
  click: {
    serviceId: string;
    merchantId: string;
    secretKey: string;
    merchantUserId: string | undefined;
    checkoutUrl: string;
  } | null;
  /** Base of return links; defaults to `http://HOST:PORT`. */
  publicUrl: string;
  sentryDsn: string | undefined;
  sentryEnvironment: string;
  sentryRelease: string;
  nodeId: string;
  socketMaxPerUser: number;
  socketMaxPerAddress: number;
  loadShedLagMs: number;
  httpRequestTimeoutMs: number;
  metricsToken: string | undefined;
  docsEnabled: boolean;
}

export class ConfigError extends Error {
  override name = "ConfigError";
}

/**
 * Reads the environment once, validated; names are the contract's. A variable set to an empty or
 * blank value counts as unset (`.env` and compose files often leave `DATABASE_URL=`), so it gets
 * its default: `DATABASE_URL=` means the embedded Postgres.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const given = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ""));
  const parsed = envSchema.safeParse(given);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  if (production && !e.JWT_SECRET) throw new ConfigError("JWT_SECRET is required when NODE_ENV=production");
  if (production && !e.DATABASE_URL)
    throw new ConfigError("DATABASE_URL is required when NODE_ENV=production");
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    jwtSecret: e.JWT_SECRET,
    jwtSecretPrevious: e.JWT_SECRET_PREVIOUS ?? [],
    adminEmail: e.ADMIN_EMAIL,
    adminPassword: e.ADMIN_PASSWORD,
    seedDemo: e.SEED_DEMO ?? !e.DATABASE_URL,
    corsOrigins: e.CORS_ORIGINS ?? [],
    socketOrigins: [
      ...(e.SOCKET_ORIGINS ?? e.CORS_ORIGINS ?? []),
      ...(e.PUBLIC_URL ? [new URL(e.PUBLIC_URL).origin] : []),
    ],
    production,
    logLevel: e.LOG_LEVEL,
    dataDir: e.DATA_DIR,
    dbPoolMax: e.DB_POOL_MAX,
    drainSeconds: e.DRAIN_SECONDS,
    redisPrefix: e.REDIS_PREFIX,
    sweepIntervalMs: e.SWEEP_INTERVAL_MS,
    trustProxy: e.TRUST_PROXY ?? [],
    accessTokenSeconds: e.ACCESS_TOKEN_SECONDS,
    authRefreshGraceMs: e.AUTH_REFRESH_GRACE_MS,
    answerQueueMax: e.ANSWER_QUEUE_MAX,
    payme:
      e.PAYME_MERCHANT_ID && e.PAYME_KEY
        ? { merchantId: e.PAYME_MERCHANT_ID, key: e.PAYME_KEY, checkoutUrl: e.PAYME_CHECKOUT_URL }
        : null,
    click:
      e.CLICK_SERVICE_ID && e.CLICK_MERCHANT_ID && e.CLICK_SECRET_KEY
        ? {
            serviceId: e.CLICK_SERVICE_ID,
            merchantId: e.CLICK_MERCHANT_ID,
            secretKey: e.CLICK_SECRET_KEY,
            merchantUserId: e.CLICK_MERCHANT_USER_ID,
            checkoutUrl: e.CLICK_CHECKOUT_URL,
          }
        : null,
    publicUrl: (e.PUBLIC_URL ?? `http://${e.HOST}:${e.PORT}`).replace(/\/+$/, ""),
    sentryDsn: e.SENTRY_DSN,
    sentryEnvironment: e.SENTRY_ENVIRONMENT ?? e.NODE_ENV,
    sentryRelease: e.SENTRY_RELEASE ?? `imtihon-server@${SERVER_VERSION}`,
    nodeId: e.NODE_ID ?? os.hostname(),
    socketMaxPerUser: e.SOCKET_MAX_PER_USER,
    socketMaxPerAddress: e.SOCKET_MAX_PER_ADDRESS,
    loadShedLagMs: e.LOAD_SHED_LAG_MS,
    httpRequestTimeoutMs: e.HTTP_REQUEST_TIMEOUT_MS,
    metricsToken: e.METRICS_TOKEN,
    docsEnabled: e.DOCS_ENABLED ?? !production,
  };
}
