import * as p from "@imtihon/client-sdk/protocol";
import { z } from "zod";
import type { RouteDoc } from "./openapi.ts";

/** OpenAPI entries of products, orders and the provider callbacks (kept apart from openapi.ts). */
const role = (...roles: p.Role[]) => roles;
const adminProductResponse = z.object({ product: p.adminProductSchema });
const adminOrderResponse = z.object({ order: p.adminOrderSchema });
const revenueQuery = z.object({ from: z.iso.date().optional(), to: z.iso.date().optional() });
const provider = (what: string) =>
  `${what}. Called by the provider, not by our clients: it speaks only the provider's own protocol and is always answered HTTP 200 (see docs/payments.md).`;

export const PAYMENT_ROUTES: RouteDoc[] = [
  {
    method: "get",
    path: "/products",
    tag: "payments",
    summary: "Products on sale, including each paid exam sold alone (one attempt)",
    access: "signed-in",
    ok: { status: 200, schema: p.productsResponse },
  },
  {
    method: "post",
    path: "/orders",
    tag: "payments",
    summary: "A pending order at the current price, with checkout links for the configured providers",
    access: "signed-in",
    body: p.createOrderBody,
    ok: { status: 201, schema: p.orderResponse },
    errors: [400, 404, 409],
  },
  {
    method: "get",
    path: "/me/orders",
    tag: "payments",
    summary: "The caller's orders, newest first",
    access: "signed-in",
    ok: { status: 200, schema: p.ordersResponse },
  },
  {
    method: "get",
    path: "/orders/:id",
    tag: "payments",
    summary: "One order (its owner, admin)",
    access: "signed-in",
    ok: { status: 200, schema: p.orderResponse },
    errors: [404],
  },
  {
    method: "get",
    path: "/admin/products",
    tag: "payments",
    summary: "Every product, retired ones included, with fiscal codes",
    access: role("admin"),
    ok: { status: 200, schema: z.object({ items: z.array(p.adminProductSchema) }) },
  },
  {
    method: "post",
    path: "/admin/products",
    tag: "payments",
    summary: "Create a product",
    access: role("admin"),
    body: p.createProductBody,
    ok: { status: 201, schema: adminProductResponse },
    errors: [400],
  },
  {
    method: "patch",
    path: "/admin/products/:id",
    tag: "payments",
    summary: "Edit a product (later orders only); a single-exam product takes only fiscal codes",
    access: role("admin"),
    body: p.updateProductBody,
    ok: { status: 200, schema: adminProductResponse },
    errors: [400, 404, 409],
  },
  {
    method: "post",
    path: "/admin/products/:id/retire",
    tag: "payments",
    summary: "Stop selling a product (idempotent); paid orders keep their entitlements",
    access: role("admin"),
    ok: { status: 200, schema: adminProductResponse },
    errors: [404],
  },
  {
    method: "get",
    path: "/admin/orders",
    tag: "payments",
    summary: "Orders with filters (status, provider, date, student) and entitlement use",
    access: role("admin"),
    query: p.adminOrdersQuery,
    ok: { status: 200, schema: p.adminOrdersResponse },
    errors: [400],
  },
  {
    method: "get",
    path: "/admin/revenue",
    tag: "payments",
    summary: "Revenue per day and per product (default: the last 30 days)",
    access: role("admin"),
    query: revenueQuery,
    ok: { status: 200, schema: p.revenueResponse },
    errors: [400],
  },
  {
    method: "post",
    path: "/admin/orders/:id/refund",
    tag: "payments",
    summary: "Mark a paid order refunded and revoke what is left of its entitlement",
    access: role("admin"),
    ok: { status: 200, schema: adminOrderResponse },
    errors: [404, 409],
  },
  {
    method: "post",
    path: "/payments/payme",
    tag: "payments",
    summary: provider("Payme Merchant API (JSON-RPC 2.0, Basic auth Paycom:PAYME_KEY)"),
    access: "public",
    ok: { status: 200, description: "a JSON-RPC result or error" },
  },
  {
    method: "post",
    path: "/payments/click/prepare",
    tag: "payments",
    summary: provider("Click SHOP API prepare (form-encoded, MD5 sign_string)"),
    access: "public",
    ok: { status: 200, description: "Click's JSON answer with error 0 … -9" },
  },
  {
    method: "post",
    path: "/payments/click/complete",
    tag: "payments",
    summary: provider("Click SHOP API complete (form-encoded, MD5 sign_string)"),
    access: "public",
    ok: { status: 200, description: "Click's JSON answer with error 0 … -9" },
  },
];
