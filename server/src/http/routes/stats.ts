import { Hono } from "hono";
import type { HttpEnv } from "../env.ts";

/** GET /exams/:id/stats (the proctoring work fills this in). */
export const statsRoutes = new Hono<HttpEnv>();
