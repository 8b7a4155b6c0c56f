import type { ColumnType, Generated, JSONColumnType, Selectable } from "kysely";
import type { AttemptStatus } from "@imtihon/client-sdk/protocol";

export interface AttemptsTable {
  id: Generated<string>;
  exam_id: string;
  session_id: string | null;
  user_id: string;
  status: AttemptStatus;
  started_at: Date | null;
  deadline_at: Date | null;
  paused_at: Date | null;
  submitted_at: Date | null;
  extra_seconds: Generated<number>;
  question_order: string[];
  /** questionId -> option ids in the order this student sees them. */
  option_order: JSONColumnType<Record<string, string[]>>;
  score: number | null;
  max_score: number;
  created_at: ColumnType<Date, never, never>;
}
export type AttemptRow = Selectable<AttemptsTable>;
