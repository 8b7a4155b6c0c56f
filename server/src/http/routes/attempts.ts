import { Hono } from "hono";
import { attemptDetail, myAttempts } from "../../exam/results.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam } from "../middleware.ts";

/** GET /me/attempts, GET /attempts/:id. */
export const attemptRoutes = new Hono<HttpEnv>()
  .get("/me/attempts", auth(), async (c) =>
    c.json({ items: await myAttempts(c.var.ctx, c.var.principal.userId) }),
  )
  .get("/attempts/:id", auth(), async (c) => {
    const ctx = c.var.ctx;
    return c.json(await attemptDetail(ctx, ctx.exams, c.var.principal, idParam(c, "id", "attempt")));
  });
