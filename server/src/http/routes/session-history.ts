import { Hono } from "hono";
import { sessionHistory } from "../../exam/session-history.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam } from "../middleware.ts";

/** GET /sessions/:id/history (its proctor, admin): integrity feed and messages that survive a reload. */
export const sessionHistoryRoutes = new Hono<HttpEnv>().get(
  "/sessions/:id/history",
  auth("proctor", "admin"),
  async (c) => c.json(await sessionHistory(c.var.ctx.db, c.var.principal, idParam(c, "id", "session"))),
);
