import { Hono } from "hono";
import type { HttpEnv } from "../env.ts";

/** GET /me/attempts, GET /attempts/:id (the exam work fills these in). */
export const attemptRoutes = new Hono<HttpEnv>();
