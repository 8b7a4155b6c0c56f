import { Hono } from "hono";
import type { HttpEnv } from "../env.ts";

/** Every `/api/v1` resource, one sub-app each. */
export const apiRoutes = new Hono<HttpEnv>();
