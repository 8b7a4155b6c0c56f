import type { Generated, JSONColumnType } from "kysely";

export interface SectionResultRow {
  title: string;
  score: number;
  maxScore: number;
  correct: number;
  total: number;
}

/** A topic's share of a result (hundredths), its path frozen as it was when scored. */
export interface TopicResultRow {
  topicId: string;
  path: string[];
  score: number;
  maxScore: number;
  correct: number;
  total: number;
}

/** Scores in hundredths of a point; `sections` holds hundredths too. */
export interface ResultsTable {
  attempt_id: string;
  score: number;
  max_score: number;
  correct: number;
  total: number;
  sections: JSONColumnType<SectionResultRow[]>;
  /** questionId → hundredths earned (null for results scored before 2026-11-30-rich-questions). */
  items: JSONColumnType<Record<string, number>> | null;
  topics: JSONColumnType<TopicResultRow[]> | null;
  computed_at: Generated<Date>;
}
