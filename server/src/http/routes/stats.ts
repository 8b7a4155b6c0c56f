import { Hono } from "hono";
import { z } from "zod";
import { examStats } from "../../exam/stats.ts";
import type { HttpEnv } from "../env.ts";
import { auth, parseWith } from "../middleware.ts";

const query = z.strictObject({ sessionId: z.uuid().optional() });

/** GET /exams/:id/stats (proctor, admin): distribution and item analysis; `?sessionId=` narrows it. */
export const statsRoutes = new Hono<HttpEnv>().get(
  "/exams/:id/stats",
  auth("proctor", "admin"),
  async (c) => {
    const id = parseWith(z.uuid(), c.req.param("id"));
    const { sessionId } = parseWith(query, c.req.query());
    return c.json(await examStats(c.var.ctx, id, sessionId));
  },
);
