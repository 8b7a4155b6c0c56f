import { adminUsersQuery, importStudentsBody } from "@imtihon/client-sdk/protocol";
import { Hono } from "hono";
import { enableUser, importStudents, listUsers, resetPassword } from "../../catalogue/users-admin.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam, jsonBody, parseWith } from "../middleware.ts";

/** The admin console's user management (creating one user and disabling are in admin.ts). */
export const adminUserRoutes = new Hono<HttpEnv>()
  .use("/admin/users", auth("admin"))
  .use("/admin/users/*", auth("admin"))
  .get("/admin/users", async (c) =>
    c.json(await listUsers(c.var.ctx.db, parseWith(adminUsersQuery, c.req.query()))),
  )
  .post("/admin/users/import", async (c) => {
    const { students } = await jsonBody(c, importStudentsBody);
    return c.json({ items: await importStudents(c.var.ctx.db, students) }, 201);
  })
  .post("/admin/users/:id/reset-password", async (c) => {
    const id = idParam(c, "id", "user");
    return c.json(await resetPassword(c.var.ctx, c.var.principal.userId, id));
  })
  .post("/admin/users/:id/enable", async (c) => {
    const id = idParam(c, "id", "user");
    return c.json({ user: await enableUser(c.var.ctx, id) });
  });
