import type { Generated, JSONColumnType } from "kysely";

export interface IntegrityEventsTable {
  id: Generated<string>;
  attempt_id: string;
  kind: string;
  source: "client" | "server";
  at: Date;
  details: JSONColumnType<Record<string, unknown>> | null;
  received_at: Generated<Date>;
}
