import type { Database, OrderRow, PaymentProvider } from "@imtihon/db";
import type { Transaction } from "kysely";
import { grantOrder, revokeOrder } from "./entitlements.ts";

/**
 * Order state changes shared by both providers and the admin console. Each runs inside the
 * caller's transaction after `lockOrder`, so one order changes under one lock at a time.
 */
export async function lockOrder(trx: Transaction<Database>, orderId: string): Promise<OrderRow | undefined> {
  return trx.selectFrom("orders").selectAll().where("id", "=", orderId).forUpdate().executeTakeFirst();
}

export async function markPaid(
  trx: Transaction<Database>,
  order: OrderRow,
  provider: PaymentProvider,
  at: Date,
): Promise<void> {
  const paid = await trx
    .updateTable("orders")
    .set({ status: "paid", paid_at: at, provider })
    .where("id", "=", order.id)
    .where("status", "=", "pending")
    .returningAll()
    .executeTakeFirstOrThrow();
  await grantOrder(trx, paid, at);
}

export async function markCancelled(trx: Transaction<Database>, orderId: string, at: Date): Promise<void> {
  await trx
    .updateTable("orders")
    .set({ status: "cancelled", cancelled_at: at })
    .where("id", "=", orderId)
    .where("status", "=", "pending")
    .execute();
}

/** Refund: the order says so and what is left of its entitlement is revoked. */
export async function markRefunded(trx: Transaction<Database>, orderId: string, at: Date): Promise<void> {
  await trx
    .updateTable("orders")
    .set({ status: "refunded", refunded_at: at })
    .where("id", "=", orderId)
    .where("status", "=", "paid")
    .execute();
  await revokeOrder(trx, orderId, at);
}
