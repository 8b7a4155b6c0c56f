import { Hono } from "hono";
import { handleClick } from "../../payments/click/handler.ts";
import { paymeError } from "../../payments/payme/errors.ts";
import { handlePayme } from "../../payments/payme/handler.ts";
import type { HttpEnv } from "../env.ts";

/**
 * Provider callbacks. They speak only their own protocol: Payme JSON-RPC (always HTTP 200), Click
 * form-encoded prepare/complete answered with Click's JSON. Authentication is theirs (Basic auth,
 * MD5 signatures), not our bearer tokens.
 */
export const paymentRoutes = new Hono<HttpEnv>()
  .post("/payments/payme", async (c) => {
    const body = await c.req.text().catch(() => "");
    return c.json(await handlePayme(c.var.ctx, c.req.header("authorization"), body), 200);
  })
  // Payme's own answer to any other HTTP method, still with status 200.
  .all("/payments/payme", (c) => c.json({ jsonrpc: "2.0", id: null, error: paymeError("notPost") }, 200))
  .post("/payments/click/prepare", async (c) => {
    const body = await c.req.text().catch(() => "");
    return c.json(await handleClick(c.var.ctx, "prepare", body), 200);
  })
  .post("/payments/click/complete", async (c) => {
    const body = await c.req.text().catch(() => "");
    return c.json(await handleClick(c.var.ctx, "complete", body), 200);
  });
