import { HTTP_STATUS, type ErrorBody } from "@imtihon/client-sdk/protocol";
import type { Context } from "hono";
import { HTTPException } from "hono/http-exception";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { AppError } from "../errors.ts";
import { reportError } from "../infra/error-reporting.ts";
import type { Logger } from "../infra/logger.ts";

/** Maps every thrown error to the contract's `{ error: { code, message, details? } }`. */
export function toErrorResponse(err: unknown, c: Context, log: Logger): Response {
  if (err instanceof AppError) {
    if (err.retryAfterSeconds) c.header("Retry-After", String(err.retryAfterSeconds));
    return body(c, HTTP_STATUS[err.code], { code: err.code, message: err.message, details: err.details });
  }
  if (err instanceof z.ZodError) {
    return body(c, 400, { code: "invalid_payload", message: "invalid payload", details: err.issues });
  }
  if (err instanceof HTTPException) {
    if (err.status === 413)
      return body(c, 413, { code: "payload_too_large", message: "request body too large" });
    if (err.status === 401)
      return body(c, 401, { code: "unauthorized", message: err.message || "unauthorized" });
    if (err.status === 400)
      return body(c, 400, { code: "invalid_payload", message: err.message || "bad request" });
  }
  log.error({ err, path: c.req.path }, "unhandled error");
  reportError(err, { method: c.req.method, route: c.req.routePath });
  return body(c, 503, {
    code: "unavailable",
    message: "the server could not complete the request, try again",
  });
}

function body(c: Context, status: number, error: ErrorBody): Response {
  if (error.details === undefined) delete error.details;
  return c.json({ error }, status as ContentfulStatusCode);
}
