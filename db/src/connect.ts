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
    connection: { application_name: options.applicationName ?? "imtihon" },
  });
  const db = new Kysely<Database>({ dialect: new PostgresJSDialect({ postgres: sql }) });
  return { db, sql, close: () => db.destroy() };
}
