import { serveStatic } from "@hono/node-server/serve-static";
import { Hono, type MiddlewareHandler } from "hono";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { HttpEnv } from "../env.ts";

/** Where `npm run build -w web` writes the client. */
export const WEB_DIST = path.resolve(import.meta.dirname, "../../../../web/dist");

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Imtihon</title></head>
<body style="font-family:system-ui;margin:2rem"><h1>Imtihon</h1>
<p>The web client is not built yet. Run <code>npm run build -w web</code> and reload this page.</p>
<p>The API is up at <a href="/api/v1/directions">/api/v1</a>; health at <a href="/healthz">/healthz</a>.</p></body></html>`;

// Paths that belong to the server, never to the single-page app.
const SERVER_PATHS = /^\/(api|socket\.io|healthz|readyz|metrics|openapi\.json|docs)(\/|$)/;

/**
 * Serves the built web client at `/` with a single-page-app fallback: any GET that is not a server
 * path and not a file answers index.html. Hashed assets are cached for a year, index.html never.
 */
export function createWebRoutes(distDir: string = WEB_DIST) {
  let assets: MiddlewareHandler<HttpEnv> | null = null;
  let indexHtml: { mtimeMs: number; html: string } | null = null;
  // Read per request (cached by mtime) so a rebuild or a late `npm run build` needs no restart.
  const load = () => {
    const file = path.join(distDir, "index.html");
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) return null;
    // Made once dist exists: serveStatic complains at construction about a missing root.
    assets ??= serveStatic<HttpEnv>({ root: distDir });
    if (indexHtml?.mtimeMs !== stat.mtimeMs)
      indexHtml = { mtimeMs: stat.mtimeMs, html: readFileSync(file, "utf8") };
    return indexHtml.html;
  };
  return new Hono<HttpEnv>().get("*", async (c, next) => {
    if (SERVER_PATHS.test(c.req.path)) return next();
    const html = load();
    if (html === null) return c.html(NOT_BUILT, 200, { "cache-control": "no-store" });
    if (c.req.path !== "/" && c.req.path !== "/index.html") {
      const served = await assets!(c, async () => {});
      if (served) {
        // Vite names every file under assets/ by its content hash.
        if (c.req.path.startsWith("/assets/"))
          served.headers.set("cache-control", "public, max-age=31536000, immutable");
        return served;
      }
      // A missing asset is a 404, not the app: a stale tab asking for an old chunk must fail loudly.
      if (c.req.path.startsWith("/assets/")) return next();
    }
    return c.html(html, 200, { "cache-control": "no-cache" });
  });
}

export const webRoutes = createWebRoutes();
