import { dashboardExportQuery, dashboardQuery } from "@imtihon/client-sdk/protocol";
import { Hono } from "hono";
import { exportDashboard, getDashboard } from "../../insights/dashboard.ts";
import { refreshDashboard } from "../../insights/dashboard-refresh.ts";
import type { HttpEnv } from "../env.ts";
import { auth, parseWith } from "../middleware.ts";

/** The operators' dashboard: figures per Tashkent day, CSV export, and a refresh on demand (admin). */
export const dashboardRoutes = new Hono<HttpEnv>()
  .get("/admin/dashboard", auth("admin"), async (c) => {
    return c.json(await getDashboard(c.var.ctx.db, parseWith(dashboardQuery, c.req.query())));
  })
  .get("/admin/dashboard/export", auth("admin"), async (c) => {
    const file = await exportDashboard(c.var.ctx.db, parseWith(dashboardExportQuery, c.req.query()));
    return c.body(file.body, 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    });
  })
  .post("/admin/dashboard/refresh", auth("admin"), async (c) => {
    const r = await refreshDashboard(c.var.ctx.db);
    return c.json({
      refreshed: r.refreshed,
      refreshedAt: r.refreshedAt?.toISOString() ?? null,
      days: r.days,
      durationMs: r.durationMs,
    });
  });
