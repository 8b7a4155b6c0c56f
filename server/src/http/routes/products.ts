import { createProductBody, updateProductBody } from "@imtihon/client-sdk/protocol";
import { Hono } from "hono";
import {
  createProduct,
  listAdminProducts,
  listProducts,
  retireProduct,
  updateProduct,
} from "../../payments/products.ts";
import type { HttpEnv } from "../env.ts";
import { auth, idParam, jsonBody } from "../middleware.ts";

/** The catalogue of things to buy (any signed-in user) and its administration. */
export const productRoutes = new Hono<HttpEnv>()
  .get("/products", auth(), async (c) => {
    const { payme, click } = c.var.ctx.config;
    const providers = [...(payme ? ["payme" as const] : []), ...(click ? ["click" as const] : [])];
    return c.json({ items: await listProducts(c.var.ctx.db), providers });
  })
  .get("/admin/products", auth("admin"), async (c) =>
    c.json({ items: await listAdminProducts(c.var.ctx.db) }),
  )
  .post("/admin/products", auth("admin"), async (c) => {
    const body = await jsonBody(c, createProductBody);
    return c.json({ product: await createProduct(c.var.ctx.db, body) }, 201);
  })
  .patch("/admin/products/:id", auth("admin"), async (c) => {
    const id = idParam(c, "id", "product");
    const body = await jsonBody(c, updateProductBody);
    return c.json({ product: await updateProduct(c.var.ctx.db, id, body) });
  })
  .post("/admin/products/:id/retire", auth("admin"), async (c) => {
    return c.json({ product: await retireProduct(c.var.ctx.db, idParam(c, "id", "product")) });
  });
