import type { CreateOrderBody, Order } from "@imtihon/client-sdk/protocol";
import type { OrderRow, ProductRow } from "@imtihon/db";
import type { Principal } from "../auth/principal.ts";
import type { AppContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { checkoutLinks } from "./checkout.ts";
import { grantsOf, syncExamProducts } from "./products.ts";

/**
 * Orders: a pending order is made at the product's current price, with a snapshot of its grants and
 * fiscal codes; the providers' callbacks move it to paid, cancelled or refunded.
 */
export function toOrder(ctx: AppContext, row: OrderRow): Order {
  return {
    id: row.id,
    status: row.status,
    amountUzs: row.amount_uzs,
    title: row.title,
    createdAt: row.created_at.toISOString(),
    paidAt: row.paid_at?.toISOString() ?? null,
    checkout: row.status === "pending" ? checkoutLinks(ctx.config, row) : {},
    provider: row.provider,
    grants: grantsOf(row),
  };
}

async function productOnSale(ctx: AppContext, body: CreateOrderBody): Promise<ProductRow> {
  const db = ctx.db;
  if ("examId" in body) {
    const exam = await db
      .selectFrom("exams")
      .select(["status", "price_uzs"])
      .where("id", "=", body.examId)
      .executeTakeFirst();
    if (!exam || exam.status !== "published") throw notFound("exam");
    if (exam.price_uzs <= 0) throw new AppError("conflict", "this exam is free: start it directly");
    await syncExamProducts(db, body.examId);
    const row = await db
      .selectFrom("products")
      .selectAll()
      .where("exam_id", "=", body.examId)
      .executeTakeFirst();
    if (!row || row.retired_at) throw new AppError("conflict", "this exam is not on sale");
    return row;
  }
  const row = await db.selectFrom("products").selectAll().where("id", "=", body.productId).executeTakeFirst();
  if (!row || row.retired_at) throw notFound("product");
  if (!row.exam_id) return row;
  // A single-exam product: sold at the exam's current price while the exam is published and paid.
  return productOnSale(ctx, { examId: row.exam_id });
}

/** `POST /orders`: a pending order at the current price. */
export async function createOrder(ctx: AppContext, userId: string, body: CreateOrderBody): Promise<Order> {
  const product = await productOnSale(ctx, body);
  const row = await ctx.db
    .insertInto("orders")
    .values({
      user_id: userId,
      product_id: product.id,
      title: product.title,
      amount_uzs: product.price_uzs,
      exam_ids: product.exam_ids,
      attempts: product.attempts,
      days: product.days,
      ikpu: product.ikpu,
      package_code: product.package_code,
      vat_percent: product.vat_percent,
      provider: null,
      paid_at: null,
      cancelled_at: null,
      refunded_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toOrder(ctx, row);
}

/** An order its owner (or an admin) may see; anyone else's is indistinguishable from a missing one. */
export async function getOrder(ctx: AppContext, principal: Principal, orderId: string): Promise<Order> {
  const row = await ctx.db.selectFrom("orders").selectAll().where("id", "=", orderId).executeTakeFirst();
  if (!row || (row.user_id !== principal.userId && principal.role !== "admin")) throw notFound("order");
  return toOrder(ctx, row);
}

export async function listMyOrders(ctx: AppContext, userId: string): Promise<Order[]> {
  const rows = await ctx.db
    .selectFrom("orders")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("created_at", "desc")
    .limit(200)
    .execute();
  return rows.map((r) => toOrder(ctx, r));
}
