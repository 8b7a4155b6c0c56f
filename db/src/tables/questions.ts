import type { ColumnType, Generated, JSONColumnType, Selectable } from "kysely";
import type { Difficulty, QuestionKind } from "@imtihon/client-sdk/protocol";

export interface QuestionOption {
  id: string;
  text: string;
}

/** A numeric question's key: right within `tolerance` (absolute) of `value`. */
export interface NumericKey {
  value: number;
  tolerance: number;
}

/**
 * One version of a question (migration 2026-11-30-rich-questions). The key sits in the columns of
 * its kind: `options` + `correct` (single, multiple), `answer` (numeric), `accepted` (short_text),
 * `options` as the left items + `right_items` + `pairs` (matching); the others are null (`options`
 * and `correct` are `[]`).
 */
export interface QuestionsTable {
  id: Generated<string>;
  subject_id: string;
  kind: QuestionKind;
  stem: string;
  options: JSONColumnType<QuestionOption[]>;
  correct: JSONColumnType<string[]>;
  answer: JSONColumnType<NumericKey> | null;
  accepted: JSONColumnType<string[]> | null;
  right_items: JSONColumnType<QuestionOption[]> | null;
  pairs: JSONColumnType<[string, string][]> | null;
  explanation: string | null;
  difficulty: Difficulty | null;
  /** The first version's id; a trigger sets it when an insert leaves it out. */
  family_id: Generated<string>;
  version: Generated<number>;
  /** Stable key of a demo-seed question, so loading the seed twice changes nothing. */
  seed_key: string | null;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
}
export type QuestionRow = Selectable<QuestionsTable>;

/** A subject's topic tree. */
export interface TopicsTable {
  id: Generated<string>;
  subject_id: string;
  parent_id: string | null;
  name: string;
  created_at: ColumnType<Date, never, never>;
}

export interface QuestionTopicsTable {
  question_id: string;
  topic_id: string;
}
