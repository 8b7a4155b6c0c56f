import { examListQuery } from "@imtihon/client-sdk/protocol";
import { Hono } from "hono";
import { cachedCatalogue } from "../../catalogue/cache.ts";
import { listDirections } from "../../catalogue/directions.ts";
import { getExamDetail, listPublishedExams } from "../../catalogue/exam-views.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam, parseWith } from "../middleware.ts";

/** Directions and published exams for any signed-in user; cached until the next publish. */
export const catalogueRoutes = new Hono<HttpEnv>()
  .get("/directions", auth(), async (c) => {
    const ctx = c.var.ctx;
    return c.json({ items: await cachedCatalogue(ctx, "directions", () => listDirections(ctx.db)) });
  })
  .get("/exams", auth(), async (c) => {
    const ctx = c.var.ctx;
    const { directionId } = parseWith(examListQuery, c.req.query());
    const items = await cachedCatalogue(ctx, `exams:${directionId ?? "all"}`, () =>
      listPublishedExams(ctx.db, directionId),
    );
    return c.json({ items });
  })
  .get("/exams/:id", auth(), async (c) => {
    const ctx = c.var.ctx;
    const id = idParam(c, "id", "exam");
    // Admins may open drafts: never cached, so a draft never leaks into the shared cache.
    if (c.var.principal.role === "admin") return c.json(await getExamDetail(ctx.db, id, true));
    return c.json(await cachedCatalogue(ctx, `exam:${id}`, () => getExamDetail(ctx.db, id, false)));
  });
