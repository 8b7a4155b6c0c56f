import { Hono } from "hono";
import { attemptMessages, sessionHistory } from "../../exam/session-history.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam } from "../middleware.ts";

/**
 * What a reload must not lose: GET /sessions/:id/history (its proctor, admin) — integrity feed and
 * messages sent; GET /attempts/:id/messages (its student, the proctor, admin) — messages received.
 */
export const sessionHistoryRoutes = new Hono<HttpEnv>()
  .get("/sessions/:id/history", auth("proctor", "admin"), async (c) =>
    c.json(await sessionHistory(c.var.ctx.db, c.var.principal, idParam(c, "id", "session"))),
  )
  .get("/attempts/:id/messages", auth(), async (c) =>
    c.json({ items: await attemptMessages(c.var.ctx.db, c.var.principal, idParam(c, "id", "attempt")) }),
  );
