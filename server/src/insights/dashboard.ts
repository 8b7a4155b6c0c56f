import {
  DASHBOARD_MAX_DAYS,
  DASHBOARD_TIME_ZONE,
  type Dashboard,
  type DashboardExportQuery,
  type DashboardQuery,
} from "@imtihon/client-sdk/protocol";
import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";
import { AppError } from "../errors.ts";
import { toCsv, type CsvCell } from "../infra/csv.ts";
import { readRollups, type DashboardTables, type DayRange } from "./dashboard-queries.ts";
import { refreshDashboard } from "./dashboard-refresh.ts";

/**
 * A read finds the rollups at most this old, or refreshes them first (one node does; the others
 * read what is there). Today's figures are therefore at most a minute behind.
 */
export const DASHBOARD_STALE_MS = 60_000;
const DEFAULT_DAYS = 30;
const DAY_MS = 86_400_000;
const EARLIEST = "2000-01-01";
const LATEST = "2100-12-31";

/** Today in Tashkent (UTC+5 all year, no daylight saving). */
export function tashkentToday(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: DASHBOARD_TIME_ZONE }).format(now);
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);

export function resolveRange(q: DashboardQuery, now = new Date()): DayRange {
  const to = q.to ?? (q.from ? addDays(q.from, DEFAULT_DAYS - 1) : tashkentToday(now));
  const from = q.from ?? addDays(to, -(DEFAULT_DAYS - 1));
  // Postgres has no year 0, and nothing happened here before 2000: refuse instead of failing in SQL.
  if (from < EARLIEST || to > LATEST)
    throw new AppError("invalid_payload", `days from ${EARLIEST} to ${LATEST}`);
  const span = (Date.parse(to) - Date.parse(from)) / DAY_MS + 1;
  if (span < 1) throw new AppError("invalid_payload", "`from` is after `to`");
  if (span > DASHBOARD_MAX_DAYS)
    throw new AppError("invalid_payload", `at most ${DASHBOARD_MAX_DAYS} days at once`);
  return { from, to };
}

/** Refreshes when the rollups are older than DASHBOARD_STALE_MS, then reads them. */
async function freshRollups(db: Kysely<Database>): Promise<Date | null> {
  const state = await db.selectFrom("dashboard_refresh").select("refreshed_at").executeTakeFirst();
  if (state && Date.now() - state.refreshed_at.getTime() < DASHBOARD_STALE_MS) return state.refreshed_at;
  const outcome = await refreshDashboard(db);
  return outcome.refreshedAt;
}

export function withTotals(range: DayRange, refreshedAt: Date | null, t: DashboardTables): Dashboard {
  const sum = (f: (d: DashboardTables["days"][number]) => number) => t.days.reduce((s, d) => s + f(d), 0);
  const started = t.exams.reduce((s, e) => s + e.started, 0);
  const completed = t.exams.reduce((s, e) => s + e.completed, 0);
  return {
    ...range,
    timeZone: DASHBOARD_TIME_ZONE,
    refreshedAt: refreshedAt?.toISOString() ?? null,
    totals: {
      registrations: sum((d) => d.registrations),
      peakActiveStudents: t.days.reduce((m, d) => Math.max(m, d.activeStudents), 0),
      attemptsStarted: sum((d) => d.attemptsStarted),
      attemptsFinished: sum((d) => d.attemptsFinished),
      ordersPaid: sum((d) => d.ordersPaid),
      revenueUzs: sum((d) => d.revenueUzs),
      refundedUzs: sum((d) => d.refundedUzs),
      completionRate: started > 0 ? completed / started : null,
    },
    ...t,
  };
}

const TOP_EXAMS = 20;

export async function getDashboard(db: Kysely<Database>, q: DashboardQuery): Promise<Dashboard> {
  const range = resolveRange(q);
  const refreshedAt = await freshRollups(db);
  // Totals need every exam of the range; the page lists the top ones.
  const tables = await readRollups(db, range, null);
  const dashboard = withTotals(range, refreshedAt, tables);
  return { ...dashboard, exams: dashboard.exams.slice(0, TOP_EXAMS) };
}

export interface CsvFile {
  filename: string;
  body: string;
}

/** One dashboard table as CSV, every row (all exams, not only the top ones). */
export async function exportDashboard(db: Kysely<Database>, q: DashboardExportQuery): Promise<CsvFile> {
  const range = resolveRange(q);
  await freshRollups(db);
  const t = await readRollups(db, range, null);
  const filename = `imtihon-dashboard-${q.table}-${range.from}-${range.to}.csv`;
  const table = (header: string[], rows: CsvCell[][]) => ({ filename, body: toCsv(header, rows) });
  switch (q.table) {
    case "days":
      return table(
        [
          "day",
          "registrations",
          "active_students",
          "attempts_started",
          "attempts_finished",
          "orders_paid",
          "revenue_uzs",
          "refunds",
          "refunded_uzs",
        ],
        t.days.map((d) => [
          d.day,
          d.registrations,
          d.activeStudents,
          d.attemptsStarted,
          d.attemptsFinished,
          d.ordersPaid,
          d.revenueUzs,
          d.refunds,
          d.refundedUzs,
        ]),
      );
    case "exams":
      return table(
        ["exam_id", "title", "started", "completed", "completion_rate"],
        t.exams.map((e) => [e.examId, e.title, e.started, e.completed, e.completionRate?.toFixed(4)]),
      );
    case "directions":
      return table(
        ["direction_id", "code", "name", "finished", "median_percent"],
        t.directions.map((d) => [d.directionId, d.code, d.name, d.finished, d.medianPercent]),
      );
    case "funnel":
      return table(
        ["from", "to", "registered", "attempted", "paid"],
        [[range.from, range.to, t.funnel.registered, t.funnel.attempted, t.funnel.paid]],
      );
  }
}
