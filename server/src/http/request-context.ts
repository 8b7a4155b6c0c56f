import type { MiddlewareHandler } from "hono";
import { withLogContext } from "../infra/log-context.ts";
import type { HttpEnv } from "./env.ts";

/**
 * Runs the rest of the request inside a log context holding its id (hono/request-id: nginx's
 * X-Request-Id when present, else a new one), so every log line and error report of the request
 * names it. Goes right after requestId().
 */
export function requestContext(): MiddlewareHandler<HttpEnv> {
  return (c, next) => withLogContext({ reqId: c.var.requestId }, next);
}
