import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { cors } from "hono/cors";
import { requestId } from "hono/request-id";
import { routePath } from "hono/route";
import { secureHeaders } from "hono/secure-headers";
import { dummyHash } from "../auth/passwords.ts";
import type { AppContext } from "../context.ts";
import { AppError } from "../errors.ts";
import type { HttpEnv } from "./env.ts";
import { contentSecurityPolicy } from "./csp.ts";
import { toErrorResponse } from "./errors.ts";
import { docsRoutes } from "./routes/docs.ts";
import { IMPORT_PATH } from "./routes/bank.ts";
import { apiRoutes } from "./routes/index.ts";
import { requestContext } from "./request-context.ts";
import { opsRoutes } from "./routes/ops.ts";
import { webRoutes } from "./routes/web.ts";

const MAX_BODY_BYTES = 1024 * 1024;
// Uploads carry their own, larger limit (server/src/http/routes/media.ts).
// Uploads set their own, larger limits on their routes (figures; the bank import with its images).
const OWN_BODY_LIMIT = new Set(["/api/v1/admin/media", IMPORT_PATH]);

/** The Hono app: middleware, one error handler, the ops routes and `/api/v1`. */
export function createHttpApp(ctx: AppContext) {
  // Computed now, so the first sign-in with an unknown email is not slower than a wrong password.
  void dummyHash();
  const app = new Hono<HttpEnv>();
  app.use(requestId());
  app.use(requestContext());
  app.use(async (c, next) => {
    c.set("ctx", ctx);
    const start = performance.now();
    await next();
    const route = routePath(c) || "unmatched";
    ctx.metrics.httpDuration
      .labels(c.req.method, route, String(c.res.status))
      .observe((performance.now() - start) / 1000);
    if (c.res.status >= 500)
      ctx.log.warn({ reqId: c.var.requestId, route, status: c.res.status }, "http 5xx");
    else ctx.log.debug({ reqId: c.var.requestId, method: c.req.method, route, status: c.res.status }, "http");
  });
  app.use(secureHeaders({ crossOriginResourcePolicy: false }));
  app.use(contentSecurityPolicy());
  // An overloaded node refuses new API work at once (probes, metrics and static files still answer).
  app.use("/api/*", async (c, next) => {
    if (ctx.load.overloaded) {
      ctx.metrics.shed.labels("http").inc();
      throw new AppError("unavailable", "the server is overloaded, retry in a moment", undefined, 1);
    }
    await next();
  });
  app.use(
    "/api/*",
    cors({
      origin: (origin) => (ctx.config.corsOrigins.includes(origin) ? origin : null),
      allowHeaders: ["Authorization", "Content-Type"],
      allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
      maxAge: 600,
    }),
  );
  const jsonBodyLimit = bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new AppError("payload_too_large", `request body is larger than ${MAX_BODY_BYTES} bytes`);
    },
  });
  app.use("/api/*", (c, next) => (OWN_BODY_LIMIT.has(c.req.path) ? next() : jsonBodyLimit(c, next)));
  app.onError((err, c) => toErrorResponse(err, c, ctx.log));
  app.notFound((c) =>
    c.json({ error: { code: "not_found", message: `no route ${c.req.method} ${c.req.path}` } }, 404),
  );
  app.route("/", opsRoutes);
  app.route("/", docsRoutes);
  app.route("/api/v1", apiRoutes);
  app.route("/", webRoutes);
  return app;
}
