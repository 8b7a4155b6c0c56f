import { Hono } from "hono";
import { createHash, timingSafeEqual } from "node:crypto";
import { refreshDependencyMetrics } from "../../infra/dependency-metrics.ts";
import type { HttpEnv } from "../env.ts";

/** Liveness, readiness and Prometheus metrics. */
export const opsRoutes = new Hono<HttpEnv>()
  .get("/healthz", (c) => c.json({ ok: true }))
  .get("/readyz", async (c) => {
    const ctx = c.var.ctx;
    const checks: Record<string, "ok" | "down" | "draining"> = {};
    const timeout = <T>(p: Promise<T>) =>
      Promise.race([p, new Promise<never>((_, rej) => setTimeout(() => rej(new Error("timeout")), 1500))]);
    try {
      await timeout(ctx.sql`select 1`);
      checks.postgres = "ok";
    } catch {
      checks.postgres = "down";
    }
    if (ctx.redis) {
      try {
        await timeout(ctx.redis.ping());
        checks.redis = "ok";
      } catch {
        checks.redis = "down";
      }
    }
    if (ctx.state.draining) checks.node = "draining";
    const ready = Object.values(checks).every((v) => v === "ok");
    return c.json({ ready, checks }, ready ? 200 : 503);
  })
  .get("/metrics", async (c) => {
    // With METRICS_TOKEN set (required in production), only `Authorization: Bearer <token>` reads it.
    const token = c.var.ctx.config.metricsToken;
    if (token && !sameSecret(c.req.header("authorization") ?? "", `Bearer ${token}`))
      return c.json(
        { error: { code: "unauthorized", message: "metrics need the METRICS_TOKEN bearer token" } },
        401,
      );
    if (!token && c.var.ctx.config.production) return c.notFound();
    const registry = c.var.ctx.metrics.registry;
    await refreshDependencyMetrics(c.var.ctx);
    return c.text(await registry.metrics(), 200, { "content-type": registry.contentType });
  });

const digest = (s: string) => createHash("sha256").update(s).digest();
/** Compares digests so the time taken says nothing about how much of the token matched. */
const sameSecret = (a: string, b: string) => timingSafeEqual(digest(a), digest(b));
