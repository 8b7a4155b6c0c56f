import { getConnInfo } from "@hono/node-server/conninfo";
import type { Role } from "@imtihon/client-sdk/protocol";
import type { Context, MiddlewareHandler } from "hono";
import { createMiddleware } from "hono/factory";
import type { z } from "zod";
import { authenticate, requireRole } from "../auth/principal.ts";
import { AppError } from "../errors.ts";
import { containsNul } from "../infra/nul.ts";
import { clientIpFrom } from "../infra/client-ip.ts";
import type { HttpEnv } from "./env.ts";

/** Requires `Authorization: Bearer <access token>`; sets `principal`. Optionally restricts roles. */
export function auth(...roles: Role[]): MiddlewareHandler<HttpEnv> {
  return createMiddleware<HttpEnv>(async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const principal = await authenticate(c.var.ctx, match?.[1]);
    if (roles.length) requireRole(principal, ...roles);
    c.set("principal", principal);
    await next();
  });
}

const JSON_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Reads and validates a JSON body; anything else is `invalid_payload` with zod's issues. The body must
 * be declared `application/json`: a form or text/plain post (what a cross-site page can send without
 * a preflight) is refused before it is read.
 */
export async function jsonBody<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  if (!JSON_TYPE.test(c.req.header("content-type") ?? ""))
    throw new AppError("invalid_payload", "Content-Type must be application/json", [
      { code: "content_type", message: "send the body as application/json" },
    ]);
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new AppError("invalid_payload", "body must be JSON");
  }
  if (containsNul(raw)) throw new AppError("invalid_payload", "text may not contain NUL characters");
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid_payload", "invalid payload", parsed.error.issues);
  return parsed.data;
}

export function parseWith<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new AppError("invalid_payload", "invalid payload", parsed.error.issues);
  return parsed.data;
}

export function clientIp(c: Context): string {
  // Behind nginx the real client is in X-Forwarded-For, believed only from trusted proxies.
  return clientIpFrom(getConnInfo(c).remote.address, c.req.header("x-forwarded-for"), c.var.ctx.proxyTrust);
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A path id: anything that is not a UUID names nothing, so it is `not_found` (never a SQL cast error). */
export function idParam(c: Context, name: string, what: string): string {
  const value = c.req.param(name) ?? "";
  if (!UUID.test(value)) throw new AppError("not_found", `${what} not found`);
  return value.toLowerCase();
}
