import { Hono } from "hono";
import type { HttpEnv } from "../env.ts";
import { attemptRoutes } from "./attempts.ts";
import { statsRoutes } from "./stats.ts";

/** Every `/api/v1` resource, one sub-app each. */
export const apiRoutes = new Hono<HttpEnv>().route("/", attemptRoutes).route("/", statsRoutes);
