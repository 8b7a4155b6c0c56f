import * as d from "./dashboard.ts";
import * as l from "./legacy.ts";
import type { Role } from "./models.ts";
import type { RouteDef } from "./routes.ts";

/** The operators' dashboard and the legacy-results import, spread into the protocol's route table. */
const route = <const R extends RouteDef>(def: R): R => def;
const roles = <const R extends readonly Role[]>(...list: R): R => list;

export const dashboardRoutes = {
  dashboard: route({
    method: "get",
    path: "/admin/dashboard",
    tag: "insights",
    summary:
      "Operators' dashboard for Tashkent days `from`..`to` (default the last 30): per day, popular exams, median per direction, funnel",
    access: roles("admin"),
    query: d.dashboardQuery,
    status: 200,
    response: d.dashboardResponse,
    errors: [400, 403],
  }),
  dashboardExport: route({
    method: "get",
    path: "/admin/dashboard/export",
    tag: "insights",
    summary: "One dashboard table as CSV (UTF-8 with BOM; cells starting with = + - @ are prefixed with ')",
    access: roles("admin"),
    query: d.dashboardExportQuery,
    status: 200,
    contentType: "text/csv",
    errors: [400, 403],
  }),
  dashboardRefresh: route({
    method: "post",
    path: "/admin/dashboard/refresh",
    tag: "insights",
    summary: "Bring the dashboard's rollups up to date now (one refresher at a time across nodes)",
    access: roles("admin"),
    status: 200,
    response: d.dashboardRefreshResponse,
    errors: [403],
  }),
  legacyResults: route({
    method: "get",
    path: "/me/legacy-results",
    tag: "results",
    summary: "The caller's results imported from the old site, newest first",
    access: "signed-in",
    status: 200,
    response: l.legacyResultsResponse,
  }),
  importLegacyResults: route({
    method: "post",
    path: "/me/legacy-results",
    tag: "results",
    summary:
      "Import a chunk of the old site's results (idempotent: an item already stored counts as a duplicate)",
    access: "signed-in",
    body: l.legacyResultsBody,
    status: 200,
    response: l.legacyImportResponse,
    errors: [400],
  }),
};
