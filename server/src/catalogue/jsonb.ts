import { sql, type RawBuilder } from "kysely";

/**
 * A jsonb parameter. postgres.js JSON-encodes a string sent for a jsonb parameter once more, so
 * `JSON.stringify(v)` alone would store a jsonb *string*; sending text and casting stores the value.
 */
export function jsonb(value: unknown): RawBuilder<string> {
  return sql<string>`cast(${JSON.stringify(value)} as text)::jsonb`;
}
