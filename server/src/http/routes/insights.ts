import { admissionQuery, importPassingScoresBody, passingScoresQuery } from "@imtihon/client-sdk/protocol";
import { Hono } from "hono";
import { admissionView } from "../../insights/admission.ts";
import { attemptCertificate, certificateEstimate, estimateCertificate } from "../../insights/certificate.ts";
import { deletePassingScore, importPassingScores, listPassingScores } from "../../insights/passing-scores.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam, jsonBody, parseWith } from "../middleware.ts";

/** Passing scores (admin), the admission view (the caller's own), certificate scaling. */
export const insightRoutes = new Hono<HttpEnv>()
  .use("/admin/passing-scores", auth("admin"))
  .use("/admin/passing-scores/*", auth("admin"))
  .post("/admin/passing-scores/import", async (c) => {
    const { csv } = await jsonBody(c, importPassingScoresBody);
    return c.json(await importPassingScores(c.var.ctx.db, csv));
  })
  .get("/admin/passing-scores", async (c) =>
    c.json({ items: await listPassingScores(c.var.ctx.db, parseWith(passingScoresQuery, c.req.query())) }),
  )
  .delete("/admin/passing-scores/:id", async (c) => {
    await deletePassingScore(c.var.ctx.db, idParam(c, "id", "passing score"));
    return c.body(null, 204);
  })
  .get("/me/admission", auth(), async (c) => {
    const { directionId, year } = parseWith(admissionQuery, c.req.query());
    return c.json(await admissionView(c.var.ctx.db, c.var.principal.userId, directionId, year));
  })
  .post("/admin/exams/:id/certificate/estimate", auth("admin"), async (c) =>
    c.json(await estimateCertificate(c.var.ctx, idParam(c, "id", "exam"))),
  )
  .get("/admin/exams/:id/certificate", auth("admin"), async (c) =>
    c.json(await certificateEstimate(c.var.ctx, idParam(c, "id", "exam"))),
  )
  .get("/attempts/:id/certificate", auth(), async (c) =>
    c.json(await attemptCertificate(c.var.ctx, c.var.principal, idParam(c, "id", "attempt"))),
  );
