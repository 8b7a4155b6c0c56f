import { Kysely } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import type { Database } from "./database.ts";

export interface DbHandle {
  db: Kysely<Database>;
  /** The underlying postgres.js client, for the few raw statements on hot paths. */
  sql: postgres.Sql;
  close(): Promise<void>;
}

/**
 * postgres.js JSON-encodes every parameter bound to a json/jsonb column, so a string that already
 * holds JSON (Kysely's convention for `JSONColumnType` inserts) would be stored as a JSON *string*.
 * This serializer passes strings through and encodes everything else.
 */
export const jsonType = {
  to: 3802,
  from: [114, 3802],
  serialize: (x: unknown) => (typeof x === "string" ? x : JSON.stringify(x)),
  parse: (x: string) => JSON.parse(x) as unknown,
};

export function connect(url: string, options: { max?: number; applicationName?: string } = {}): DbHandle {
  const sql = postgres(url, {
    max: options.max ?? 20,
    idle_timeout: 30,
    connect_timeout: 10,
    onnotice: () => {},
    types: { json: jsonType },
    connection: {
      application_name: options.applicationName ?? "imtihon",
      // Prepared statements (below) keep today's plans: every execution is planned with its values,
      // never a generic plan that could not use a partial index (docs/performance.md).
      plan_cache_mode: "force_custom_plan",
    },
  });
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: preparing(sql) }) });
  return { db, sql, close: () => db.destroy() };
}

/**
 * Kysely's postgres.js driver sends every query through `unsafe()`, which postgres.js runs unprepared:
 * Parse + Describe, a wait for the parameter types, then Bind + Execute: two round trips and a fresh
 * parse of the same text every time. A CPU profile of a node in a lobby-join storm had 2 % of its
 * time in the extra write alone. Prepared, a query is one round trip, parsed once per connection
 * (postgres.js names and caches each statement per connection; connections are recycled every
 * 30-60 min, which bounds that cache).
 */
export function preparing(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get(target, prop, receiver) {
      if (prop !== "reserve") return Reflect.get(target, prop, receiver) as unknown;
      return async () => {
        const conn = await target.reserve();
        return new Proxy(conn, {
          get(c, p, r) {
            if (p !== "unsafe") return Reflect.get(c, p, r) as unknown;
            return (
              query: string,
              params?: postgres.ParameterOrJSON<never>[],
              opts?: postgres.UnsafeQueryOptions,
            ) => c.unsafe(query, params, { prepare: true, ...opts });
          },
        });
      };
    },
  });
}
