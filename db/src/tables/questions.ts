import type { ColumnType, Generated, JSONColumnType, Selectable } from "kysely";
import type { QuestionKind } from "@imtihon/client-sdk/protocol";

export interface QuestionOption {
  id: string;
  text: string;
}

export interface QuestionsTable {
  id: Generated<string>;
  subject_id: string;
  kind: QuestionKind;
  stem: string;
  options: JSONColumnType<QuestionOption[]>;
  correct: JSONColumnType<string[]>;
  /** Stable key of a demo-seed question, so loading the seed twice changes nothing. */
  seed_key: string | null;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
}
export type QuestionRow = Selectable<QuestionsTable>;
