import type { ColumnType } from "kysely";

/** A `date` column: postgres.js would parse it into a Date, so queries select it as `day::text`. */
type Day = ColumnType<string, string, string>;
/** bigint sums read as strings. */
type Big = ColumnType<string, number, number>;

/** The operators' dashboard rollups by Asia/Tashkent day (migration 2026-11-30-dashboard). */
export interface DashboardDaysTable {
  day: Day;
  registrations: number;
  active_students: number;
  attempts_started: number;
  attempts_finished: number;
  orders_paid: number;
  revenue_uzs: Big;
  refunds: number;
  refunded_uzs: Big;
}

export interface DashboardExamDaysTable {
  day: Day;
  exam_id: string;
  started: number;
  completed: number;
}

export interface DashboardScoreDaysTable {
  day: Day;
  direction_id: string;
  percent: number;
  attempts: number;
}

export interface DashboardCohortDaysTable {
  day: Day;
  registered: number;
  attempted: number;
  paid: number;
}

export interface DashboardRefreshTable {
  id: ColumnType<boolean, boolean | undefined, boolean>;
  watermark: Date;
  refreshed_at: Date;
  days: number;
  duration_ms: number;
}
