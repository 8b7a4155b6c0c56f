import { changePasswordBody } from "@imtihon/client-sdk/protocol";
import { Hono } from "hono";
import { changePassword } from "../../auth/accounts.ts";
import { toUser } from "../../auth/users.ts";
import { notFound } from "../../errors.ts";
import type { HttpEnv } from "../env.ts";
import { auth, clientIp, jsonBody } from "../middleware.ts";

/** The signed-in user. (GET /me/attempts lives in attempts.ts.) */
export const meRoutes = new Hono<HttpEnv>()
  .get("/me", auth(), async (c) => {
    const row = await c.var.ctx.db
      .selectFrom("users")
      .select(["id", "email", "full_name", "role"])
      .where("id", "=", c.var.principal.userId)
      .executeTakeFirst();
    if (!row) throw notFound("user");
    return c.json({ user: toUser(row) });
  })
  .post("/me/password", auth(), async (c) => {
    const body = await jsonBody(c, changePasswordBody);
    await changePassword(c.var.ctx, c.var.principal.userId, body, clientIp(c));
    return c.body(null, 204);
  });
