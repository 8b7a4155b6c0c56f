import { Hono } from "hono";
import { closeExam, duplicateExam } from "../../catalogue/exam-admin.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam } from "../middleware.ts";

/** The admin console's exam actions beyond create and publish (admin.ts): duplicate, close now. */
export const adminCatalogueRoutes = new Hono<HttpEnv>()
  .post("/admin/exams/:id/duplicate", auth("admin"), async (c) => {
    const id = idParam(c, "id", "exam");
    return c.json({ exam: await duplicateExam(c.var.ctx, id, c.var.principal.userId) }, 201);
  })
  .post("/admin/exams/:id/close", auth("admin"), async (c) => {
    const id = idParam(c, "id", "exam");
    return c.json({ exam: await closeExam(c.var.ctx, id) });
  });
