import type { ColumnType, Generated, Selectable } from "kysely";
import type { ExamMode, ReviewPolicy, SectionScoring } from "@imtihon/client-sdk/protocol";

export interface ExamsTable {
  id: Generated<string>;
  title: string;
  direction_id: string | null;
  mode: ExamMode;
  duration_seconds: number;
  status: Generated<"draft" | "published">;
  shuffle_questions: Generated<boolean>;
  shuffle_options: Generated<boolean>;
  opens_at: Date | null;
  closes_at: Date | null;
  max_attempts: number | null;
  review: Generated<ReviewPolicy>;
  price_uzs: Generated<number>;
  /** Certificate-style: Rasch-scaled with grade bands (migration 2026-11-30-certificate). */
  certificate: Generated<boolean>;
  question_count: Generated<number>;
  /** Hundredths of a point. */
  max_score: Generated<number>;
  seed_key: string | null;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
  published_at: Date | null;
}
export type ExamRow = Selectable<ExamsTable>;

export interface ExamSectionsTable {
  exam_id: string;
  position: number;
  title: string;
  subject_id: string | null;
  /** Hundredths of a point per question. */
  points: number;
  scoring: Generated<SectionScoring>;
}

export interface ExamQuestionsTable {
  exam_id: string;
  question_id: string;
  section: number;
  position: number;
  points: number;
}
