import { legacyResultsBody } from "@imtihon/client-sdk/protocol";
import { Hono } from "hono";
import { importLegacyResults, listLegacyResults } from "../../insights/legacy-results.ts";
import type { HttpEnv } from "../env.ts";
import { auth, jsonBody } from "../middleware.ts";

/** A student's results brought from the old site's LocalStorage (docs/migration.md). */
export const legacyResultRoutes = new Hono<HttpEnv>()
  .get("/me/legacy-results", auth(), async (c) =>
    c.json({ items: await listLegacyResults(c.var.ctx.db, c.var.principal.userId) }),
  )
  .post("/me/legacy-results", auth(), async (c) => {
    const body = await jsonBody(c, legacyResultsBody);
    return c.json(await importLegacyResults(c.var.ctx.db, c.var.principal.userId, body.items));
  });
