import type { Database, PaymentProvider } from "@imtihon/db";
import type { Kysely, Transaction } from "kysely";

/**
 * One row per provider call: method, parameters as received, our answer, time. Written in the same
 * transaction as the state change it caused, so the log and the state never disagree and a dispute
 * can be replayed call by call.
 */
export async function auditCall(
  db: Kysely<Database> | Transaction<Database>,
  call: {
    provider: PaymentProvider;
    method: string;
    orderId: string | null;
    providerTxId: string | null;
    params: unknown;
    answer: unknown;
  },
): Promise<void> {
  await db
    .insertInto("payment_audit")
    .values({
      provider: call.provider,
      method: call.method.slice(0, 100),
      order_id: call.orderId,
      provider_tx_id: call.providerTxId?.slice(0, 200) ?? null,
      params: call.params === undefined ? null : JSON.stringify(call.params).replaceAll("\\u0000", ""),
      answer: JSON.stringify(call.answer),
    })
    .execute();
}
