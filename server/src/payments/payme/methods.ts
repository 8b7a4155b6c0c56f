import type { Database, OrderRow, PaymentTransactionRow } from "@imtihon/db";
import type { Transaction } from "kysely";
import { z } from "zod";
import { lockEntitlement } from "../entitlements.ts";
import { lockOrder, markCancelled, markPaid, markRefunded } from "../transitions.ts";
import { paymeError, type PaymeErrorBody } from "./errors.ts";

/** A transaction not performed within 12 hours of its creation is cancelled (reason 4). */
export const PAYME_TIMEOUT_MS = 12 * 3600 * 1000;
export const REASON_TIMEOUT = 4;

type Trx = Transaction<Database>;
export type Outcome = { orderId: string | null; txId: string | null } & (
  { result: unknown } | { error: PaymeErrorBody }
);
type Params = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const txIdSchema = z.string().min(1).max(200);
const msSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

const ms = (d: Date | null) => (d ? d.getTime() : 0);

function accountOrderId(params: Params): string | null {
  const account = params.account;
  if (typeof account !== "object" || account === null) return null;
  const raw = (account as Record<string, unknown>).order_id;
  const id = typeof raw === "string" ? raw.trim() : typeof raw === "number" ? String(raw) : "";
  return UUID.test(id) ? id.toLowerCase() : null;
}

function validAmount(params: Params): number | null {
  const a = params.amount;
  return typeof a === "number" && Number.isSafeInteger(a) && a > 0 ? a : null;
}

async function findTx(trx: Trx, providerTxId: string): Promise<PaymentTransactionRow | undefined> {
  return trx
    .selectFrom("payment_transactions")
    .selectAll()
    .where("provider", "=", "payme")
    .where("provider_tx_id", "=", providerTxId)
    .executeTakeFirst();
}

async function liveTx(trx: Trx, orderId: string) {
  return trx
    .selectFrom("payment_transactions")
    .select(["id", "provider", "provider_tx_id"])
    .where("order_id", "=", orderId)
    .where("state", "=", 1)
    .executeTakeFirst();
}

/** Checks account and amount against a locked pending order (CheckPerform and Create share it). */
async function payableOrder(
  trx: Trx,
  params: Params,
): Promise<{ order: OrderRow } | { error: PaymeErrorBody }> {
  const orderId = accountOrderId(params);
  const amount = validAmount(params);
  if (amount === null) return { error: paymeError("wrongAmount") };
  if (!orderId) return { error: paymeError("orderNotFound", "order_id") };
  const order = await lockOrder(trx, orderId);
  if (!order) return { error: paymeError("orderNotFound", "order_id") };
  if (order.status !== "pending") return { error: paymeError("orderNotPayable", "order_id") };
  if (amount !== order.amount_uzs * 100) return { error: paymeError("wrongAmount") };
  return { order };
}

async function cancelTx(trx: Trx, tx: PaymentTransactionRow, state: -1 | -2, reason: number, at: Date) {
  return trx
    .updateTable("payment_transactions")
    .set({ state, reason, cancelled_at: at })
    .where("id", "=", tx.id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

const expired = (tx: PaymentTransactionRow, now: Date) =>
  now.getTime() - tx.created_at.getTime() > PAYME_TIMEOUT_MS;

/** Cancels a created transaction that outlived the timeout, with its order; the caller answers -31008. */
async function expire(trx: Trx, tx: PaymentTransactionRow, now: Date): Promise<void> {
  await cancelTx(trx, tx, -1, REASON_TIMEOUT, now);
  await markCancelled(trx, tx.order_id, now);
}

export async function checkPerformTransaction(trx: Trx, params: Params): Promise<Outcome> {
  const checked = await payableOrder(trx, params);
  const orderId = accountOrderId(params);
  if ("error" in checked) return { orderId, txId: null, error: checked.error };
  const { order } = checked;
  if (await liveTx(trx, order.id)) return { orderId, txId: null, error: paymeError("orderBusy", "order_id") };
  const result: Record<string, unknown> = { allow: true };
  if (order.ikpu && order.package_code) {
    result.detail = {
      receipt_type: 0,
      items: [
        {
          title: order.title,
          price: order.amount_uzs * 100,
          count: 1,
          code: order.ikpu,
          package_code: order.package_code,
          vat_percent: order.vat_percent,
        },
      ],
    };
  }
  return { orderId, txId: null, result };
}

const createResult = (tx: PaymentTransactionRow) => ({
  create_time: ms(tx.created_at),
  transaction: tx.id,
  state: tx.state,
});

export async function createTransaction(trx: Trx, params: Params, now: Date): Promise<Outcome> {
  const id = txIdSchema.safeParse(params.id);
  const time = msSchema.safeParse(params.time);
  if (!id.success || !time.success) return { orderId: null, txId: null, error: paymeError("invalidRequest") };
  const known = await findTx(trx, id.data);
  const orderId = known?.order_id ?? accountOrderId(params);
  const txId = id.data;
  // Lock the order first: concurrent calls for one order (retries or rival transactions) queue here.
  if (orderId) await lockOrder(trx, orderId);
  const tx = await findTx(trx, id.data);
  if (tx) {
    if (tx.state !== 1) return { orderId, txId, error: paymeError("cannotPerform") };
    if (expired(tx, now)) {
      await expire(trx, tx, now);
      return { orderId, txId, error: paymeError("cannotPerform") };
    }
    return { orderId, txId, result: createResult(tx) };
  }
  const checked = await payableOrder(trx, params);
  if ("error" in checked) return { orderId, txId, error: checked.error };
  const { order } = checked;
  if (await liveTx(trx, order.id)) return { orderId, txId, error: paymeError("orderBusy", "order_id") };
  if (now.getTime() - time.data > PAYME_TIMEOUT_MS)
    return { orderId, txId, error: paymeError("cannotPerform") };
  const created = await trx
    .insertInto("payment_transactions")
    .values({
      order_id: order.id,
      provider: "payme",
      provider_tx_id: id.data,
      amount_uzs: order.amount_uzs,
      state: 1,
      reason: null,
      provider_time: time.data,
      created_at: now,
      performed_at: null,
      cancelled_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx.updateTable("orders").set({ provider: "payme" }).where("id", "=", order.id).execute();
  return { orderId, txId, result: createResult(created) };
}

/** Finds the transaction named by `params.id` and locks its order (then reads it again, current). */
async function lockedTx(trx: Trx, params: Params): Promise<PaymentTransactionRow | null | "invalid"> {
  const id = txIdSchema.safeParse(params.id);
  if (!id.success) return "invalid";
  const first = await findTx(trx, id.data);
  if (!first) return null;
  await lockOrder(trx, first.order_id);
  return (await findTx(trx, id.data)) ?? null;
}

function missing(params: Params, tx: null | "invalid"): Outcome {
  const txId = typeof params.id === "string" ? params.id : null;
  return tx === "invalid"
    ? { orderId: null, txId, error: paymeError("invalidRequest") }
    : { orderId: null, txId, error: paymeError("transactionNotFound") };
}

export async function performTransaction(trx: Trx, params: Params, now: Date): Promise<Outcome> {
  const tx = await lockedTx(trx, params);
  if (tx === null || tx === "invalid") return missing(params, tx);
  const ids = { orderId: tx.order_id, txId: tx.provider_tx_id };
  const done = (t: PaymentTransactionRow) => ({
    ...ids,
    result: { transaction: t.id, perform_time: ms(t.performed_at), state: t.state },
  });
  if (tx.state === 2) return done(tx);
  if (tx.state !== 1) return { ...ids, error: paymeError("cannotPerform") };
  if (expired(tx, now)) {
    await expire(trx, tx, now);
    return { ...ids, error: paymeError("cannotPerform") };
  }
  const order = await trx
    .selectFrom("orders")
    .selectAll()
    .where("id", "=", tx.order_id)
    .executeTakeFirstOrThrow();
  if (order.status !== "pending") return { ...ids, error: paymeError("cannotPerform") };
  const performed = await trx
    .updateTable("payment_transactions")
    .set({ state: 2, performed_at: now })
    .where("id", "=", tx.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await markPaid(trx, order, "payme", now);
  return done(performed);
}

export async function cancelTransaction(trx: Trx, params: Params, now: Date): Promise<Outcome> {
  const reason = params.reason;
  if (typeof reason !== "number" || !Number.isInteger(reason))
    return { orderId: null, txId: null, error: paymeError("invalidRequest") };
  const tx = await lockedTx(trx, params);
  if (tx === null || tx === "invalid") return missing(params, tx);
  const ids = { orderId: tx.order_id, txId: tx.provider_tx_id };
  const done = (t: PaymentTransactionRow) => ({
    ...ids,
    result: { transaction: t.id, cancel_time: ms(t.cancelled_at), state: t.state },
  });
  if (tx.state < 0) return done(tx);
  if (tx.state === 1) {
    const cancelled = await cancelTx(trx, tx, -1, reason, now);
    await markCancelled(trx, tx.order_id, now);
    return done(cancelled);
  }
  // Performed: a refund, allowed only while the entitlement bought is unused.
  // (An admin may have refunded the order already; then Payme's cancel only confirms it.)
  const entitlement = await lockEntitlement(trx, tx.order_id);
  const order = await trx
    .selectFrom("orders")
    .select("status")
    .where("id", "=", tx.order_id)
    .executeTakeFirstOrThrow();
  if (order.status !== "refunded" && entitlement && entitlement.attempts_used > 0)
    return { ...ids, error: paymeError("cannotCancel") };
  const cancelled = await cancelTx(trx, tx, -2, reason, now);
  await markRefunded(trx, tx.order_id, now);
  return done(cancelled);
}

export async function checkTransaction(trx: Trx, params: Params): Promise<Outcome> {
  const id = txIdSchema.safeParse(params.id);
  if (!id.success) return missing(params, "invalid");
  const tx = await findTx(trx, id.data);
  if (!tx) return missing(params, null);
  return {
    orderId: tx.order_id,
    txId: tx.provider_tx_id,
    result: {
      create_time: ms(tx.created_at),
      perform_time: ms(tx.performed_at),
      cancel_time: ms(tx.cancelled_at),
      transaction: tx.id,
      state: tx.state,
      reason: tx.reason,
    },
  };
}

export async function getStatement(trx: Trx, params: Params): Promise<Outcome> {
  const from = msSchema.safeParse(params.from);
  const to = msSchema.safeParse(params.to);
  if (!from.success || !to.success) return { orderId: null, txId: null, error: paymeError("invalidRequest") };
  const rows = await trx
    .selectFrom("payment_transactions")
    .selectAll()
    .where("provider", "=", "payme")
    .where("provider_time", ">=", String(from.data))
    .where("provider_time", "<=", String(to.data))
    .orderBy("provider_time")
    .limit(10_000)
    .execute();
  return {
    orderId: null,
    txId: null,
    result: {
      transactions: rows.map((tx) => ({
        id: tx.provider_tx_id,
        time: Number(tx.provider_time),
        amount: tx.amount_uzs * 100,
        account: { order_id: tx.order_id },
        create_time: ms(tx.created_at),
        perform_time: ms(tx.performed_at),
        cancel_time: ms(tx.cancelled_at),
        transaction: tx.id,
        state: tx.state,
        reason: tx.reason,
        receivers: null,
      })),
    },
  };
}
