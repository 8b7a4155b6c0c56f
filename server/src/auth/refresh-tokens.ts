import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { AppError } from "../errors.ts";

export const REFRESH_TOKEN_DAYS = 30;
/**
 * A just-rotated token may be presented again for this long and gets the SAME successor again: two
 * tabs sharing storage often refresh at the same moment, and the loser must not log everyone out,
 * but neither may it fork the chain (twenty parallel refreshes once made twenty live branches that
 * reuse detection never saw). After the grace, presenting it is treated as theft and revokes the family.
 */
export const REFRESH_GRACE_MS = 10_000;

const hash = (token: string) => createHash("sha256").update(token).digest();

/** Stores a new opaque refresh token (only its sha256) and returns the token itself. */
export async function issueRefreshToken(
  db: Kysely<Database>,
  userId: string,
  familyId: string = randomUUID(),
  token: string = randomBytes(32).toString("base64url"),
): Promise<string> {
  await db
    .insertInto("refresh_tokens")
    .values({
      user_id: userId,
      family_id: familyId,
      token_hash: hash(token),
      expires_at: new Date(Date.now() + REFRESH_TOKEN_DAYS * 86_400_000),
      rotated_at: null,
      revoked_at: null,
    })
    .execute();
  return token;
}

/**
 * Rotates a refresh token: marks it rotated and issues its successor (`successorOf(token)`) in the same
 * family; within the grace a second presentation answers that same successor. Unknown, expired or
 * revoked tokens are `unauthorized`; a rotated one past the grace revokes its whole family first.
 */
export async function rotateRefreshToken(
  db: Kysely<Database>,
  token: string,
  successorOf: (token: string) => string,
): Promise<{ userId: string; refreshToken: string }> {
  const outcome = await db.transaction().execute(async (trx) => {
    // FOR UPDATE serializes two tabs presenting the same token at once.
    const row = await trx
      .selectFrom("refresh_tokens")
      .selectAll()
      .where("token_hash", "=", hash(token))
      .forUpdate()
      .executeTakeFirst();
    if (!row || row.revoked_at || row.expires_at.getTime() <= Date.now()) return { kind: "invalid" as const };
    if (row.rotated_at && Date.now() - row.rotated_at.getTime() > REFRESH_GRACE_MS) {
      await revokeFamilyIn(trx, row.family_id);
      return { kind: "reused" as const };
    }
    const refreshToken = successorOf(token);
    if (!row.rotated_at) {
      await trx
        .updateTable("refresh_tokens")
        .set({ rotated_at: new Date() })
        .where("id", "=", row.id)
        .execute();
      await issueRefreshToken(trx, row.user_id, row.family_id, refreshToken);
    }
    return { kind: "ok" as const, userId: row.user_id, refreshToken };
  });
  if (outcome.kind === "invalid") throw new AppError("unauthorized", "invalid refresh token");
  if (outcome.kind === "reused")
    throw new AppError("unauthorized", "refresh token reused: every session of it ended");
  return outcome;
}

async function revokeFamilyIn(db: Kysely<Database>, familyId: string): Promise<void> {
  await db
    .updateTable("refresh_tokens")
    .set({ revoked_at: new Date() })
    .where("family_id", "=", familyId)
    .where("revoked_at", "is", null)
    .execute();
}

/** Logout: revokes the family of a token; unknown tokens change nothing. */
export async function revokeFamilyOf(db: Kysely<Database>, token: string): Promise<void> {
  const row = await db
    .selectFrom("refresh_tokens")
    .select("family_id")
    .where("token_hash", "=", hash(token))
    .executeTakeFirst();
  if (row) await revokeFamilyIn(db, row.family_id);
}

export async function revokeAllForUser(db: Kysely<Database>, userId: string): Promise<void> {
  await db
    .updateTable("refresh_tokens")
    .set({ revoked_at: new Date() })
    .where("user_id", "=", userId)
    .where("revoked_at", "is", null)
    .execute();
}
