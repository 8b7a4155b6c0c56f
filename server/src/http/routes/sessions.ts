import { createSessionBody } from "@imtihon/client-sdk/protocol";
import { Hono } from "hono";
import { createSession, getSession, listSessions } from "../../catalogue/live-sessions.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam, jsonBody } from "../middleware.ts";

/** Live sessions: created in their lobby here, run over Socket.IO. Proctors and admins. */
export const sessionRoutes = new Hono<HttpEnv>()
  .use("/sessions", auth("proctor", "admin"))
  .use("/sessions/*", auth("proctor", "admin"))
  .post("/sessions", async (c) => {
    const { examId } = await jsonBody(c, createSessionBody);
    return c.json({ session: await createSession(c.var.ctx.db, c.var.principal.userId, examId) }, 201);
  })
  .get("/sessions", async (c) => c.json({ items: await listSessions(c.var.ctx.db, c.var.principal) }))
  .get("/sessions/:id", async (c) => {
    const id = idParam(c, "id", "session");
    return c.json({ session: await getSession(c.var.ctx.db, c.var.principal, id) });
  });
