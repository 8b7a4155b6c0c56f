import type { Generated, JSONColumnType } from "kysely";
import type { AnswerResponse } from "@imtihon/client-sdk/protocol";

export interface AnswersTable {
  attempt_id: string;
  question_id: string;
  response: JSONColumnType<AnswerResponse>;
  seq: number;
  saved_at: Generated<Date>;
}
