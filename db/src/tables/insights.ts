import type { ColumnType, Generated, JSONColumnType } from "kysely";
import type { StudyForm, StudyLanguage } from "@imtihon/client-sdk/protocol";

/** Official passing scores (migration 2026-11-30-admission); scores in hundredths of a DTM point. */
export interface PassingScoresTable {
  id: Generated<string>;
  year: number;
  university: string;
  direction_id: string;
  form: StudyForm;
  language: StudyLanguage;
  grant_score: number | null;
  contract_score: number | null;
  demo: Generated<boolean>;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface CertificateItemRow {
  questionId: string;
  position: number;
  difficulty: number | null;
  se: number | null;
  infit: number | null;
  outfit: number | null;
  extreme: "all_right" | "all_wrong" | null;
}

/** The last Rasch estimation of a certificate-style exam (migration 2026-11-30-certificate). */
export interface CertificateEstimatesTable {
  exam_id: string;
  method: string;
  persons: number;
  extreme_persons: number;
  iterations: number;
  converged: boolean;
  duration_ms: number;
  items: JSONColumnType<CertificateItemRow[]>;
  computed_at: ColumnType<Date, Date | undefined, Date>;
}

export interface CertificateScoresTable {
  attempt_id: string;
  exam_id: string;
  ability: number;
  se: number | null;
  scaled: number;
  grade: string | null;
  extreme: "min" | "max" | null;
  computed_at: ColumnType<Date, Date | undefined, Date>;
}
