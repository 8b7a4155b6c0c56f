import type { AdminOrder, AdminOrdersQuery, Revenue } from "@imtihon/client-sdk/protocol";
import { sql } from "kysely";
import type { AppContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { lockEntitlement } from "./entitlements.ts";
import { toOrder } from "./orders.ts";
import { lockOrder, markRefunded } from "./transitions.ts";

/** The admin console's money views: orders with filters, revenue, refunds. */
export async function listAdminOrders(
  ctx: AppContext,
  q: AdminOrdersQuery,
  orderId?: string,
): Promise<AdminOrder[]> {
  let query = ctx.db
    .selectFrom("orders as o")
    .innerJoin("users as u", "u.id", "o.user_id")
    .leftJoin("entitlements as e", "e.order_id", "o.id")
    .selectAll("o")
    .select(["u.email", "u.full_name", "e.attempts_used"])
    .orderBy("o.created_at", "desc")
    .limit(q.limit);
  if (orderId) query = query.where("o.id", "=", orderId);
  if (q.status) query = query.where("o.status", "=", q.status);
  if (q.provider) query = query.where("o.provider", "=", q.provider);
  if (q.from) query = query.where("o.created_at", ">=", new Date(`${q.from}T00:00:00Z`));
  if (q.to)
    query = query.where("o.created_at", "<", new Date(new Date(`${q.to}T00:00:00Z`).getTime() + 86_400_000));
  if (q.student) {
    const like = `%${q.student.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
    query = query.where((eb) => eb.or([eb("u.email", "ilike", like), eb("u.full_name", "ilike", like)]));
  }
  const rows = await query.execute();
  return rows.map((r) => ({
    ...toOrder(ctx, r),
    userId: r.user_id,
    studentEmail: r.email,
    studentName: r.full_name,
    refundedAt: r.refunded_at?.toISOString() ?? null,
    attemptsUsed: r.attempts_used ?? 0,
  }));
}

/** Paid orders by day of payment and by product; refunded orders are counted apart. */
export async function revenue(ctx: AppContext, from?: string, to?: string): Promise<Revenue> {
  const start = from ? new Date(`${from}T00:00:00Z`) : new Date(Date.now() - 30 * 86_400_000);
  const end = to
    ? new Date(new Date(`${to}T00:00:00Z`).getTime() + 86_400_000)
    : new Date(Date.now() + 86_400_000);
  const days = await ctx.db
    .selectFrom("orders")
    .select([
      sql<string>`to_char(paid_at at time zone 'UTC', 'YYYY-MM-DD')`.as("day"),
      sql<string>`count(*)`.as("orders"),
      sql<string>`coalesce(sum(amount_uzs), 0)`.as("amount"),
    ])
    .where("status", "=", "paid")
    .where("paid_at", ">=", start)
    .where("paid_at", "<", end)
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  const products = await ctx.db
    .selectFrom("orders as o")
    .innerJoin("products as p", "p.id", "o.product_id")
    .select([
      "p.id",
      "p.title",
      sql<string>`count(*)`.as("orders"),
      sql<string>`coalesce(sum(o.amount_uzs), 0)`.as("amount"),
    ])
    .where("o.status", "=", "paid")
    .where("o.paid_at", ">=", start)
    .where("o.paid_at", "<", end)
    .groupBy(["p.id", "p.title"])
    .orderBy(sql`4 desc`)
    .execute();
  const refunded = await ctx.db
    .selectFrom("orders")
    .select(sql<string>`coalesce(sum(amount_uzs), 0)`.as("amount"))
    .where("status", "=", "refunded")
    .where("refunded_at", ">=", start)
    .where("refunded_at", "<", end)
    .executeTakeFirstOrThrow();
  const dayItems = days.map((d) => ({ day: d.day, orders: Number(d.orders), amountUzs: Number(d.amount) }));
  return {
    days: dayItems,
    products: products.map((p) => ({
      productId: p.id,
      title: p.title,
      orders: Number(p.orders),
      amountUzs: Number(p.amount),
    })),
    totalUzs: dayItems.reduce((s, d) => s + d.amountUzs, 0),
    refundedUzs: Number(refunded.amount),
  };
}

/**
 * An admin refund: the order becomes `refunded` and what is left of its entitlement is revoked
 * (attempts already started stay). The money itself goes back through the provider's cabinet;
 * Payme then calls CancelTransaction, which finds the order already refunded.
 */
export async function refundOrder(ctx: AppContext, orderId: string): Promise<AdminOrder> {
  await ctx.db.transaction().execute(async (trx) => {
    const order = await lockOrder(trx, orderId);
    if (!order) throw notFound("order");
    if (order.status !== "paid")
      throw new AppError("conflict", `only a paid order can be refunded (it is ${order.status})`);
    await lockEntitlement(trx, orderId);
    await markRefunded(trx, orderId, new Date());
  });
  const [row] = await listAdminOrders(ctx, { limit: 1 }, orderId);
  return row!;
}
