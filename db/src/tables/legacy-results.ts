import type { ColumnType, Generated, Selectable } from "kysely";

/** Results imported from the old site's LocalStorage (migration 2026-11-30-legacy-results). */
export interface LegacyResultsTable {
  id: Generated<string>;
  user_id: string;
  taken_at: Date;
  subject: string | null;
  direction: string | null;
  test_name: string | null;
  /** Hundredths of a point. */
  score: number;
  max_score: number;
  correct: number | null;
  total: number | null;
  source: Generated<"legacy">;
  hash: string;
  imported_at: ColumnType<Date, never, never>;
}
export type LegacyResultRow = Selectable<LegacyResultsTable>;
