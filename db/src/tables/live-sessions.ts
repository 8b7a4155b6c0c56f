import type { ColumnType, Generated, Selectable } from "kysely";
import type { SessionState } from "@imtihon/client-sdk/protocol";

export interface LiveSessionsTable {
  id: Generated<string>;
  exam_id: string;
  proctor_id: string;
  state: Generated<SessionState>;
  started_at: Date | null;
  /** The session's common deadline while running; moved by resume. */
  deadline_at: Date | null;
  paused_at: Date | null;
  ended_at: Date | null;
  created_at: ColumnType<Date, never, never>;
}
export type LiveSessionRow = Selectable<LiveSessionsTable>;
