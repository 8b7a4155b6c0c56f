import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { HttpEnv } from "./env.ts";

/**
 * Content-Security-Policy for the HTML this server sends. The web client is Vite's build: module
 * scripts from our origin only, no inline script; styles may be set inline (components set style
 * properties), images and media come from our origin (`/media/:id`), and the socket connects to
 * the same origin ('self' covers ws:/wss: of the same host). No frames, no plugins, no <base> games.
 */
const WEB_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

/** The docs page runs one inline script, allowed by its hash (computed from the page itself). */
export function docsCsp(html: string): string {
  const hashes = [...html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map(
    (m) => `'sha256-${createHash("sha256").update(m[1]!).digest("base64")}'`,
  );
  return [
    "default-src 'none'",
    `script-src ${hashes.join(" ") || "'none'"}`,
    "style-src 'unsafe-inline'",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

/** Sets the web client's policy on every HTML response that has none of its own. */
export function contentSecurityPolicy(): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    await next();
    const type = c.res.headers.get("content-type") ?? "";
    if (type.startsWith("text/html") && !c.res.headers.has("content-security-policy"))
      c.res.headers.set("content-security-policy", WEB_CSP);
  };
}
