import { createExamBody } from "@imtihon/client-sdk/protocol";
import { Hono } from "hono";
import { updateDraftExam } from "../../catalogue/exam-authoring.ts";
import { closeExam, duplicateExam, unpublishExam } from "../../catalogue/exam-admin.ts";
import { keySharingWarnings } from "../../exam/results.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam, jsonBody } from "../middleware.ts";

/**
 * The admin console's exam actions beyond create and publish (admin.ts): edit a draft, duplicate,
 * close now, unpublish while nobody has started.
 */
export const adminCatalogueRoutes = new Hono<HttpEnv>()
  .put("/admin/exams/:id", auth("admin"), async (c) => {
    const id = idParam(c, "id", "exam");
    const body = await jsonBody(c, createExamBody);
    const exam = await updateDraftExam(c.var.ctx.db, id, body);
    const warnings = await keySharingWarnings(c.var.ctx, exam.id);
    return c.json({ exam, ...(warnings.length ? { warnings } : {}) });
  })
  .post("/admin/exams/:id/duplicate", auth("admin"), async (c) => {
    const id = idParam(c, "id", "exam");
    return c.json({ exam: await duplicateExam(c.var.ctx, id, c.var.principal.userId) }, 201);
  })
  .post("/admin/exams/:id/close", auth("admin"), async (c) => {
    const id = idParam(c, "id", "exam");
    return c.json({ exam: await closeExam(c.var.ctx, id) });
  })
  .post("/admin/exams/:id/unpublish", auth("admin"), async (c) => {
    const id = idParam(c, "id", "exam");
    return c.json({ exam: await unpublishExam(c.var.ctx, id) });
  });
