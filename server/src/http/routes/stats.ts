import { Hono } from "hono";
import { examStatsQuery } from "@imtihon/client-sdk/protocol";
import { examStats } from "../../exam/stats.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam, parseWith } from "../middleware.ts";

const query = examStatsQuery;

/** GET /exams/:id/stats (proctor, admin): distribution and item analysis; `?sessionId=` narrows it. */
export const statsRoutes = new Hono<HttpEnv>().get(
  "/exams/:id/stats",
  auth("proctor", "admin"),
  async (c) => {
    const { sessionId } = parseWith(query, c.req.query());
    return c.json(await examStats(c.var.ctx, idParam(c, "id", "exam"), sessionId));
  },
);
