import type { Database, OrderRow } from "@imtihon/db";
import { sql, type Kysely, type Transaction } from "kysely";
import { AppError } from "../errors.ts";

/**
 * Entitlements: what a paid order grants (exams, attempts, a period). `attempt:start` of a paid
 * exam consumes one attempt in the same transaction that inserts the attempt; the grant row is
 * locked FOR UPDATE, so two tabs starting at once serialise and use one grant, and a refund (which
 * locks the same row) never races a start.
 */
type Db = Kysely<Database> | Transaction<Database>;

/** A live grant of `userId` that covers `examId` and has an attempt left (SQL, for reuse). */
function coveringGrants(db: Db, userId: string, examId: string) {
  return db
    .selectFrom("entitlements as e")
    .where("e.user_id", "=", userId)
    .where("e.revoked_at", "is", null)
    .where((eb) => eb.or([eb("e.valid_until", "is", null), eb("e.valid_until", ">", sql<Date>`now()`)]))
    .where((eb) => eb.or([eb("e.exam_ids", "is", null), sql<boolean>`${examId}::uuid = any(e.exam_ids)`]))
    .where((eb) => eb.or([eb("e.attempts", "is", null), eb("e.attempts_used", "<", eb.ref("e.attempts"))]));
}

export async function hasGrant(db: Db, userId: string, examId: string): Promise<boolean> {
  const row = await coveringGrants(db, userId, examId).select("e.id").limit(1).executeTakeFirst();
  return row !== undefined;
}

/** Refuses with `payment_required` unless the student holds a grant for this paid exam. */
export async function requireGrant(db: Db, userId: string, examId: string, priceUzs: number): Promise<void> {
  if (priceUzs <= 0) return;
  if (!(await hasGrant(db, userId, examId)))
    throw new AppError("payment_required", `this exam costs ${priceUzs} UZS`);
}

/**
 * Uses one attempt of a covering grant for `attemptId`; call inside the transaction that created
 * the attempt. The soonest-expiring grant is used first. Returns `payment_required` when none is
 * left (the caller rolls back). A row that changed while we waited for its lock is re-read.
 */
export async function consumeGrant(
  trx: Transaction<Database>,
  userId: string,
  examId: string,
  attemptId: string,
): Promise<"ok" | "payment_required"> {
  for (let round = 0; round < 5; round++) {
    const candidate = await coveringGrants(trx, userId, examId)
      .select("e.id")
      .orderBy(sql`e.valid_until asc nulls last`)
      .orderBy(sql`e.attempts is null`)
      .orderBy("e.created_at")
      .limit(1)
      .forUpdate()
      .executeTakeFirst();
    if (!candidate) {
      // The grant we would have taken may have changed under our lock wait: look once more.
      if (round === 0 || !(await hasGrant(trx, userId, examId))) return "payment_required";
      continue;
    }
    const used = await trx
      .updateTable("entitlements")
      .set((eb) => ({ attempts_used: eb("attempts_used", "+", 1) }))
      .where("id", "=", candidate.id)
      .where("revoked_at", "is", null)
      .where((eb) => eb.or([eb("attempts", "is", null), eb("attempts_used", "<", eb.ref("attempts"))]))
      .returning("id")
      .executeTakeFirst();
    if (!used) continue;
    await trx
      .insertInto("entitlement_uses")
      .values({ attempt_id: attemptId, entitlement_id: used.id })
      .execute();
    return "ok";
  }
  return "payment_required";
}

/** Paying an order grants its snapshot of the product's grants; idempotent per order. */
export async function grantOrder(trx: Transaction<Database>, order: OrderRow, paidAt: Date): Promise<void> {
  const validUntil = order.days === null ? null : new Date(paidAt.getTime() + order.days * 86_400_000);
  await trx
    .insertInto("entitlements")
    .values({
      order_id: order.id,
      user_id: order.user_id,
      exam_ids: order.exam_ids,
      attempts: order.attempts,
      valid_until: validUntil,
      revoked_at: null,
    })
    .onConflict((oc) => oc.column("order_id").doNothing())
    .execute();
}

/** The order's entitlement, locked: how much of it was used. */
export async function lockEntitlement(trx: Transaction<Database>, orderId: string) {
  return trx
    .selectFrom("entitlements")
    .select(["id", "attempts_used", "revoked_at"])
    .where("order_id", "=", orderId)
    .forUpdate()
    .executeTakeFirst();
}

/** Revokes what is left of an order's entitlement (refund). */
export async function revokeOrder(trx: Transaction<Database>, orderId: string, at: Date): Promise<void> {
  await trx
    .updateTable("entitlements")
    .set({ revoked_at: at })
    .where("order_id", "=", orderId)
    .where("revoked_at", "is", null)
    .execute();
}
