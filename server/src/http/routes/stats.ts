import { Hono } from "hono";
import { examStatsQuery } from "@imtihon/client-sdk/protocol";
import { examStats } from "../../exam/stats.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam, parseWith } from "../middleware.ts";

const query = examStatsQuery;

/**
 * GET /exams/:id/stats: admin (everything, drafts too) or proctor (their own sessions only, see
 * exam/stats.ts); `?sessionId=` narrows it to one session.
 */
export const statsRoutes = new Hono<HttpEnv>().get(
  "/exams/:id/stats",
  auth("proctor", "admin"),
  async (c) => {
    const { sessionId } = parseWith(query, c.req.query());
    return c.json(await examStats(c.var.ctx, c.var.principal, idParam(c, "id", "exam"), sessionId));
  },
);
