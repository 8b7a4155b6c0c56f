import { z } from "zod";

/**
 * The operators' dashboard (`GET /admin/dashboard`): figures per Asia/Tashkent day from daily
 * rollups, and their CSV export. docs/insights.md ("Operators' dashboard") defines every number.
 */
const id = z.uuid();
const isoTime = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);
const uzs = z.number().int();
/** A share 0..1, or null when there is nothing to divide by. */
const rate = z.number().min(0).max(1).nullable();

export const DASHBOARD_TIME_ZONE = "Asia/Tashkent";
/** The longest range one request may ask for, in days. */
export const DASHBOARD_MAX_DAYS = 731;
export const DASHBOARD_TABLES = ["days", "exams", "directions", "funnel"] as const;
export type DashboardTable = (typeof DASHBOARD_TABLES)[number];

/** Both ends inclusive, Tashkent days; default: the last 30 days up to today. */
export const dashboardQuery = z.strictObject({
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuery>;

export const dashboardExportQuery = dashboardQuery.extend({ table: z.enum(DASHBOARD_TABLES) });
export type DashboardExportQuery = z.infer<typeof dashboardExportQuery>;

export const dashboardDaySchema = z.object({
  day: z.iso.date(),
  /** Student accounts created that day. */
  registrations: count,
  /** Distinct students who started an attempt that day. */
  activeStudents: count,
  attemptsStarted: count,
  /** Attempts closed that day as submitted or expired (scored). */
  attemptsFinished: count,
  /** Orders paid that day, and the money received (gross: a later refund counts on its own day). */
  ordersPaid: count,
  revenueUzs: uzs,
  refunds: count,
  refundedUzs: uzs,
});
export type DashboardDay = z.infer<typeof dashboardDaySchema>;

export const dashboardExamSchema = z.object({
  examId: id,
  title: z.string(),
  /** Attempts started in the range. */
  started: count,
  /** Of those, closed as submitted or expired (an attempt still open counts as not completed yet). */
  completed: count,
  completionRate: rate,
});
export type DashboardExam = z.infer<typeof dashboardExamSchema>;

export const dashboardDirectionSchema = z.object({
  directionId: id,
  code: z.string(),
  name: z.string(),
  /** Attempts of the direction's exams closed (scored) in the range. */
  finished: count,
  /** The median score in whole percent of the attempt's maximum (lower median), null with none. */
  medianPercent: z.number().int().min(0).max(100).nullable(),
});
export type DashboardDirection = z.infer<typeof dashboardDirectionSchema>;

/** Students who registered in the range, and how many of them have started an attempt and paid. */
export const dashboardFunnelSchema = z.object({
  registered: count,
  attempted: count,
  paid: count,
});
export type DashboardFunnel = z.infer<typeof dashboardFunnelSchema>;

export const dashboardResponse = z.object({
  from: z.iso.date(),
  to: z.iso.date(),
  timeZone: z.literal(DASHBOARD_TIME_ZONE),
  /** When the rollups were last brought up to date (null: never). */
  refreshedAt: isoTime.nullable(),
  totals: z.object({
    registrations: count,
    /** Distinct students on the busiest day (a distinct count does not add up across days). */
    peakActiveStudents: count,
    attemptsStarted: count,
    attemptsFinished: count,
    ordersPaid: count,
    revenueUzs: uzs,
    refundedUzs: uzs,
    /** Completed ÷ started over every exam, attempts started in the range. */
    completionRate: rate,
  }),
  days: z.array(dashboardDaySchema),
  /** The most started exams in the range, at most 20. */
  exams: z.array(dashboardExamSchema),
  directions: z.array(dashboardDirectionSchema),
  funnel: dashboardFunnelSchema,
});
export type Dashboard = z.infer<typeof dashboardResponse>;

export const dashboardRefreshResponse = z.object({
  /** false when another node was refreshing at that moment (its result is what the next read sees). */
  refreshed: z.boolean(),
  refreshedAt: isoTime.nullable(),
  /** Days recomputed by this refresh. */
  days: count,
  durationMs: count,
});
export type DashboardRefresh = z.infer<typeof dashboardRefreshResponse>;
