import type { Generated, JSONColumnType } from "kysely";

export type AnswerResponse = { choice: string } | { choices: string[] };

export interface AnswersTable {
  attempt_id: string;
  question_id: string;
  response: JSONColumnType<AnswerResponse>;
  seq: number;
  saved_at: Generated<Date>;
}
