import type { Generated, JSONColumnType } from "kysely";

export interface ProctorActionsTable {
  id: Generated<string>;
  session_id: string;
  attempt_id: string | null;
  actor_id: string;
  action: string;
  details: JSONColumnType<Record<string, unknown>> | null;
  at: Generated<Date>;
}
