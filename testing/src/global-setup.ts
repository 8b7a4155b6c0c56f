import { skipWithout } from "./tools.ts";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "@imtihon/db";
import path from "node:path";
import postgres from "postgres";
import { Redis } from "ioredis";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** A Postgres server URL whose role may CREATE DATABASE: each test file makes its own. */
    pgServerUrl: string;
    /** Set when REDIS_URL is: the cluster tests run against it; unset, they skip and say so. */
    redisUrl: string | undefined;
  }
}

let embedded: EmbeddedDatabase | undefined;

/**
 * With DATABASE_URL, tests use that server and FAIL when it is unreachable (CI sets it).
 * Without it, they start the embedded Postgres under .data/test-pg.
 */
export default async function setup(project: TestProject) {
  let pgServerUrl = process.env.DATABASE_URL;
  if (!pgServerUrl) {
    console.log("[tests] DATABASE_URL not set: using the embedded Postgres under .data/test-pg");
    // Scratch data: one left by another Postgres major version is started afresh.
    embedded = await startEmbeddedPostgres(path.resolve(".data/test-pg"), undefined, {
      onIncompatible: "reset",
      notice: (line) => console.log(`[tests] ${line}`),
    });
    pgServerUrl = embedded.adminUrl;
  }
  const probe = postgres(pgServerUrl, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await probe`select 1`;
  } catch (err) {
    throw new Error(
      `DATABASE_URL is set but Postgres is unreachable (${String(err)}): refusing to run tests`,
      { cause: err },
    );
  } finally {
    await probe.end();
  }
  const redisUrl = process.env.REDIS_URL || undefined;
  if (redisUrl) {
    const r = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    try {
      await r.connect();
      await r.ping();
    } catch (err) {
      throw new Error(`REDIS_URL is set but Redis is unreachable (${String(err)}): refusing to run tests`, {
        cause: err,
      });
    } finally {
      r.disconnect();
    }
  } else if (process.env.TESTS_WITHOUT_REDIS === "1") {
    // A run that is meant to have no Redis (.ci/newcomer: the README's commands with nothing set).
    console.log("[tests] REDIS_URL not set: cluster tests will be skipped (set REDIS_URL to run them)");
  } else {
    skipWithout("REDIS_URL (cluster tests need Redis)", false);
  }
  project.provide("pgServerUrl", pgServerUrl);
  project.provide("redisUrl", redisUrl);
  return async () => {
    await embedded?.stop();
  };
}
