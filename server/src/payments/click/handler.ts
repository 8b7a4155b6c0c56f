import type { Database, PaymentTransactionRow } from "@imtihon/db";
import type { Transaction } from "kysely";
import type { AppContext } from "../../context.ts";
import { auditCall } from "../audit.ts";
import { lockOrder, markCancelled, markPaid } from "../transitions.ts";
import { clickSign, signMatches } from "./sign.ts";

/**
 * Click SHOP API: `prepare` (action 0) reserves the order for a Click transaction, `complete`
 * (action 1) pays it, or cancels it when Click reports its own failure (`error < 0`). Both are
 * form-encoded, signed with MD5, and answered with Click's JSON and error codes 0 … -9.
 */
export const CLICK_ERRORS = {
  0: "Success",
  [-1]: "SIGN CHECK FAILED!",
  [-2]: "Incorrect parameter amount",
  [-3]: "Action not found",
  [-4]: "Already paid",
  [-5]: "User does not exist",
  [-6]: "Transaction does not exist",
  [-7]: "Failed to update user",
  [-8]: "Error in request from click",
  [-9]: "Transaction cancelled",
} as const;
type ClickCode = keyof typeof CLICK_ERRORS;
type Kind = "prepare" | "complete";
type Trx = Transaction<Database>;

export type ClickAnswer = {
  click_trans_id: number | string | null;
  merchant_trans_id: string | null;
  merchant_prepare_id?: number | null;
  merchant_confirm_id?: number | null;
  error: ClickCode;
  error_note: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const REQUIRED = [
  "click_trans_id",
  "service_id",
  "merchant_trans_id",
  "amount",
  "action",
  "sign_time",
  "sign_string",
];

/** "1000", "1000.0", "1000.00" → 1000 so'm; anything else (fractions of a so'm, junk) → null. No floats. */
export function parseSom(amount: string): number | null {
  const m = /^(\d{1,12})(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m || (m[2] && Number(m[2]) !== 0)) return null;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : null;
}

export async function handleClick(ctx: AppContext, kind: Kind, body: string): Promise<ClickAnswer> {
  const form = new URLSearchParams(body);
  const p = Object.fromEntries(form.entries()) as Record<string, string>;
  // Click's ids are integers; echo one as a number only while a JS number holds it exactly.
  const asNumber = Number(p.click_trans_id);
  const clickTransId =
    p.click_trans_id && /^\d{1,16}$/.test(p.click_trans_id) && Number.isSafeInteger(asNumber)
      ? asNumber
      : (p.click_trans_id ?? null);
  const base = { click_trans_id: clickTransId, merchant_trans_id: p.merchant_trans_id ?? null };
  const idField = kind === "prepare" ? "merchant_prepare_id" : "merchant_confirm_id";
  const answer = (error: ClickCode, seq: string | null = null, note?: string): ClickAnswer => ({
    ...base,
    [idField]: seq === null ? null : Number(seq),
    error,
    error_note: note ?? CLICK_ERRORS[error],
  });
  const click = ctx.config.click;
  const refuse = async (error: ClickCode, note?: string) => {
    const a = answer(error, null, note);
    await audit(ctx.db, kind, null, p, a, error === -1 ? "unsigned" : "ok");
    return a;
  };
  if (!click) return refuse(-8, "Click is not configured");
  const required = kind === "complete" ? [...REQUIRED, "merchant_prepare_id"] : REQUIRED;
  if (required.some((k) => typeof p[k] !== "string")) return refuse(-8);
  const wanted = clickSign(
    {
      click_trans_id: p.click_trans_id!,
      service_id: p.service_id!,
      merchant_trans_id: p.merchant_trans_id!,
      merchant_prepare_id: kind === "complete" ? p.merchant_prepare_id : undefined,
      amount: p.amount!,
      action: p.action!,
      sign_time: p.sign_time!,
    },
    click.secretKey,
  );
  if (!signMatches(p.sign_string!, wanted)) return refuse(-1);
  if (p.action !== (kind === "prepare" ? "0" : "1")) return refuse(-3);
  if (p.service_id !== click.serviceId) return refuse(-8, "unknown service_id");
  const amount = parseSom(p.amount!);
  if (amount === null) return refuse(-2);
  const orderId = UUID.test(p.merchant_trans_id!) ? p.merchant_trans_id!.toLowerCase() : null;
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      const run = kind === "prepare" ? prepare : complete;
      const [error, seq, note] = await run(trx, p, orderId, amount);
      const a = answer(error, seq, note);
      await audit(trx, kind, orderId, p, a, "ok");
      return a;
    });
  } catch (err) {
    ctx.log.error({ err, kind }, "click call failed");
    return answer(-7);
  }
}

type Result = [ClickCode, string | null, string?];

async function findTx(trx: Trx, clickTransId: string): Promise<PaymentTransactionRow | undefined> {
  return trx
    .selectFrom("payment_transactions")
    .selectAll()
    .where("provider", "=", "click")
    .where("provider_tx_id", "=", clickTransId)
    .executeTakeFirst();
}

async function prepare(
  trx: Trx,
  p: Record<string, string>,
  orderId: string | null,
  amount: number,
): Promise<Result> {
  if (!orderId) return [-5, null];
  const order = await lockOrder(trx, orderId);
  if (!order) return [-5, null];
  const known = await findTx(trx, p.click_trans_id!);
  if (known) {
    if (known.order_id !== order.id) return [-8, null, "click_trans_id belongs to another order"];
    if (known.state === 2) return [-4, known.seq];
    if (known.state < 0) return [-9, known.seq];
    return [0, known.seq];
  }
  if (order.status === "paid") return [-4, null];
  if (order.status !== "pending") return [-9, null];
  if (amount !== order.amount_uzs) return [-2, null];
  const live = await trx
    .selectFrom("payment_transactions")
    .select("id")
    .where("order_id", "=", order.id)
    .where("state", "=", 1)
    .executeTakeFirst();
  if (live) return [-9, null, "the order has another payment in progress"];
  const tx = await trx
    .insertInto("payment_transactions")
    .values({
      order_id: order.id,
      provider: "click",
      provider_tx_id: p.click_trans_id!,
      amount_uzs: amount,
      state: 1,
      reason: null,
      provider_time: Date.now(),
      created_at: new Date(),
      performed_at: null,
      cancelled_at: null,
    })
    .returning("seq")
    .executeTakeFirstOrThrow();
  await trx.updateTable("orders").set({ provider: "click" }).where("id", "=", order.id).execute();
  return [0, tx.seq];
}

async function complete(
  trx: Trx,
  p: Record<string, string>,
  orderId: string | null,
  amount: number,
): Promise<Result> {
  if (!orderId) return [-5, null];
  const first = await findTx(trx, p.click_trans_id!);
  if (!first || first.seq !== p.merchant_prepare_id || first.order_id !== orderId) return [-6, null];
  await lockOrder(trx, first.order_id);
  const tx = (await findTx(trx, p.click_trans_id!))!;
  const clickError = Number(p.error ?? "0");
  if (tx.state === 2) return clickError < 0 ? [-4, tx.seq] : [0, tx.seq];
  if (tx.state < 0) return [-9, tx.seq];
  const now = new Date();
  if (Number.isFinite(clickError) && clickError < 0) {
    // Click tells us the payment failed on its side: cancel ours and say so.
    await trx
      .updateTable("payment_transactions")
      .set({ state: -1, reason: clickError, cancelled_at: now })
      .where("id", "=", tx.id)
      .execute();
    await markCancelled(trx, tx.order_id, now);
    return [-9, tx.seq];
  }
  if (amount !== tx.amount_uzs) return [-2, null];
  const order = (await trx
    .selectFrom("orders")
    .selectAll()
    .where("id", "=", tx.order_id)
    .executeTakeFirst())!;
  if (order.status === "paid") return [-4, null];
  if (order.status !== "pending") return [-9, null];
  await trx
    .updateTable("payment_transactions")
    .set({ state: 2, performed_at: now })
    .where("id", "=", tx.id)
    .execute();
  await markPaid(trx, order, "click", now);
  return [0, tx.seq];
}

async function audit(
  db: AppContext["db"] | Trx,
  kind: Kind,
  orderId: string | null,
  p: Record<string, string>,
  answer: ClickAnswer,
  signed: "ok" | "unsigned",
): Promise<void> {
  await auditCall(db, {
    provider: "click",
    method: kind,
    orderId,
    providerTxId: p.click_trans_id ?? null,
    // An unsigned call is recorded without its parameters: nobody vouched for them.
    params: signed === "ok" ? p : undefined,
    answer,
  }).catch(() => {});
}
