import type { Generated } from "kysely";

/** Each student's best finished attempt per exam (scores in hundredths). */
export interface ExamBestScoresTable {
  exam_id: string;
  user_id: string;
  attempt_id: string;
  score: number;
  /** The best this one replaced; null for a first finish. */
  previous_score: number | null;
  achieved_at: Date;
}

/** How many students have each best score on an exam (hundredths). */
export interface ExamScoreCountsTable {
  exam_id: string;
  score: number;
  students: Generated<number>;
}
