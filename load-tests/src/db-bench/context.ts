import { jsonType, type Database } from "@imtihon/db";
import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import { createAppContext, createLogger, loadConfig, type AppContext } from "@imtihon/server";

export interface BenchContext {
  ctx: AppContext;
  close(): Promise<void>;
}

// auto_explain loaded into the session through startup parameters (we connect as a superuser):
// every statement's plan, with its real parameters, comes back to us as a NOTICE.
const EXPLAIN = {
  session_preload_libraries: "auto_explain",
  "auto_explain.log_min_duration": "0",
  "auto_explain.log_analyze": "on",
  "auto_explain.log_buffers": "on",
  "auto_explain.log_level": "notice",
};

/**
 * The server's context over one connection so each statement is timed alone. With `onPlan`, each statement's EXPLAIN
 * (ANALYZE, BUFFERS) arrives there.
 */
export function benchContext(databaseUrl: string, onPlan?: (plan: string) => void): BenchContext {
  const sql = postgres(databaseUrl, {
    max: 1,
    idle_timeout: 30,
    types: { json: jsonType },
    onnotice: (n) => {
      if (onPlan && typeof n.message === "string" && n.message.includes("plan:")) onPlan(n.message);
    },
    connection: { application_name: onPlan ? "db-bench-explain" : "db-bench", ...(onPlan ? EXPLAIN : {}) },
  });
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql }) });
  // The server's own composition, without Redis (in-memory limiters and cache), HTTP or sockets.
  const ctx = createAppContext({
    config: loadConfig({ PORT: "0", LOG_LEVEL: "silent", SEED_DEMO: "0" }),
    db,
    sql,
    redis: null,
    log: createLogger("silent"),
    jwtSecret: "db-bench: no tokens are issued",
  });
  return { ctx, close: () => db.destroy() };
}
