import { Hono } from "hono";
import { myProgress } from "../../exam/progress.ts";
import { attemptStanding } from "../../exam/standing.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam } from "../middleware.ts";

/** GET /attempts/:id/standing, GET /me/progress. */
export const progressRoutes = new Hono<HttpEnv>()
  .get("/attempts/:id/standing", auth(), async (c) =>
    c.json(await attemptStanding(c.var.ctx, c.var.principal, idParam(c, "id", "attempt"))),
  )
  .get("/me/progress", auth(), async (c) => c.json(await myProgress(c.var.ctx, c.var.principal.userId)));
