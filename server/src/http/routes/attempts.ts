import { Hono } from "hono";
import { z } from "zod";
import { attemptDetail, myAttempts } from "../../exam/results.ts";
import type { HttpEnv } from "../env.ts";
import { auth, parseWith } from "../middleware.ts";

const idParam = z.uuid();

/** GET /me/attempts, GET /attempts/:id. */
export const attemptRoutes = new Hono<HttpEnv>()
  .get("/me/attempts", auth(), async (c) =>
    c.json({ items: await myAttempts(c.var.ctx, c.var.principal.userId) }),
  )
  .get("/attempts/:id", auth(), async (c) => {
    const id = parseWith(idParam, c.req.param("id"));
    const ctx = c.var.ctx;
    return c.json(await attemptDetail(ctx, ctx.exams, c.var.principal, id));
  });
