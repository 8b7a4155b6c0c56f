import { adminOrdersQuery, createOrderBody } from "@imtihon/client-sdk/protocol";
import { Hono } from "hono";
import { z } from "zod";
import { listAdminOrders, refundOrder, revenue } from "../../payments/admin.ts";
import { createOrder, getOrder, listMyOrders } from "../../payments/orders.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam, jsonBody, parseWith } from "../middleware.ts";

const revenueQuery = z.strictObject({ from: z.iso.date().optional(), to: z.iso.date().optional() });

/** Orders: a student's own, and the admin console's lists, revenue and refunds. */
export const orderRoutes = new Hono<HttpEnv>()
  .post("/orders", auth(), async (c) => {
    const body = await jsonBody(c, createOrderBody);
    return c.json({ order: await createOrder(c.var.ctx, c.var.principal.userId, body) }, 201);
  })
  .get("/me/orders", auth(), async (c) =>
    c.json({ items: await listMyOrders(c.var.ctx, c.var.principal.userId) }),
  )
  .get("/orders/:id", auth(), async (c) => {
    return c.json({ order: await getOrder(c.var.ctx, c.var.principal, idParam(c, "id", "order")) });
  })
  .get("/admin/orders", auth("admin"), async (c) => {
    const q = parseWith(adminOrdersQuery, c.req.query());
    return c.json({ items: await listAdminOrders(c.var.ctx, q) });
  })
  .get("/admin/revenue", auth("admin"), async (c) => {
    const q = parseWith(revenueQuery, c.req.query());
    return c.json(await revenue(c.var.ctx, q.from, q.to));
  })
  .post("/admin/orders/:id/refund", auth("admin"), async (c) => {
    return c.json({ order: await refundOrder(c.var.ctx, idParam(c, "id", "order")) });
  });
