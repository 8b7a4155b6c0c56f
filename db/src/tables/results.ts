import type { Generated, JSONColumnType } from "kysely";

export interface SectionResultRow {
  title: string;
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
  computed_at: Generated<Date>;
}
