import { Hono } from "hono";
import type { HttpEnv } from "../env.ts";

/** Serves the built web client at `/` (the web work fills this in). */
export const webRoutes = new Hono<HttpEnv>();
