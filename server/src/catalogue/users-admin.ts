import type { AdminUser, IssuedPassword, Role } from "@imtihon/client-sdk/protocol";
import type { Database, UserRow } from "@imtihon/db";
import type { Kysely } from "kysely";
import { randomInt } from "node:crypto";
import { hashPassword } from "../auth/passwords.ts";
import { userStatus } from "../auth/principal.ts";
import { revokeAllForUser } from "../auth/refresh-tokens.ts";
import { isUniqueViolation } from "../auth/users.ts";
import type { AppContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";

export function toAdminUser(
  r: Pick<UserRow, "id" | "email" | "full_name" | "role" | "disabled_at" | "created_at">,
): AdminUser {
  return {
    id: r.id,
    email: r.email,
    fullName: r.full_name,
    role: r.role,
    disabledAt: r.disabled_at?.toISOString() ?? null,
    createdAt: r.created_at.toISOString(),
  };
}

const COLUMNS = ["id", "email", "full_name", "role", "disabled_at", "created_at"] as const;

/** Users by name or email (case-insensitive substring), newest first, with the total for paging. */
export async function listUsers(
  db: Kysely<Database>,
  query: { q?: string; role?: Role; limit?: number; offset?: number },
): Promise<{ items: AdminUser[]; total: number }> {
  let base = db.selectFrom("users");
  if (query.role) base = base.where("role", "=", query.role);
  if (query.q) {
    // LIKE wildcards typed by the admin are matched literally.
    const pattern = `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) => eb.or([eb("full_name", "ilike", pattern), eb("email", "ilike", pattern)]));
  }
  const [rows, count] = await Promise.all([
    base
      .select(COLUMNS)
      .orderBy("created_at", "desc")
      .orderBy("id")
      .limit(query.limit ?? 100)
      .offset(query.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<string>().as("n")).executeTakeFirstOrThrow(),
  ]);
  return { items: rows.map(toAdminUser), total: Number(count.n) };
}

// No 0/O, 1/l/I: the password is read off a printed sheet and typed on a phone.
const ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";
export function firstTimePassword(length = 10): string {
  let out = "";
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

/**
 * A new random password for a user, shown once to the admin; every session of that user ends
 * (token version bump, refresh tokens revoked, sockets cut) as with a password change.
 */
export async function resetPassword(
  ctx: AppContext,
  actorId: string,
  userId: string,
): Promise<IssuedPassword> {
  if (actorId === userId)
    throw new AppError("conflict", "change your own password on the account page", { reason: "self" });
  const password = firstTimePassword();
  const password_hash = await hashPassword(password);
  const row = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("users")
      .set((eb) => ({ password_hash, token_version: eb("token_version", "+", 1) }))
      .where("id", "=", userId)
      .returning(COLUMNS)
      .executeTakeFirst();
    if (updated) await revokeAllForUser(trx, userId);
    return updated;
  });
  if (!row) throw notFound("user");
  await userStatus(ctx, userId, true);
  await ctx.revocations.publish(userId);
  return { user: toAdminUser(row), password };
}

/**
 * A school's students in one transaction: every row gets a first-time password (returned once, for
 * the printed sheet). An email already registered refuses the whole batch with `conflict` and the
 * taken emails in `details.emails`; nothing is created.
 */
export async function importStudents(
  db: Kysely<Database>,
  students: { fullName: string; email: string }[],
): Promise<IssuedPassword[]> {
  const emails = students.map((s) => s.email.trim().toLowerCase());
  const taken = await db
    .selectFrom("users")
    .select("email")
    .where((eb) => eb.fn("lower", ["email"]), "in", emails)
    .execute();
  if (taken.length)
    throw new AppError("conflict", "some emails are already registered", {
      reason: "emails_taken",
      emails: taken.map((t) => t.email),
    });
  const passwords = students.map(() => firstTimePassword());
  // scrypt runs on libuv's pool: the hashes are computed in parallel, not one after another.
  const hashes = await Promise.all(passwords.map(hashPassword));
  try {
    const rows = await db
      .insertInto("users")
      .values(
        students.map((s, i) => ({
          email: emails[i]!,
          password_hash: hashes[i]!,
          full_name: s.fullName,
          role: "student" as const,
          disabled_at: null,
        })),
      )
      .returning(COLUMNS)
      .execute();
    const byEmail = new Map(rows.map((r) => [r.email, r]));
    return emails.map((e, i) => ({ user: toAdminUser(byEmail.get(e)!), password: passwords[i]! }));
  } catch (err) {
    // Registered between the check and the insert: the same answer, nothing created.
    if (isUniqueViolation(err))
      throw new AppError("conflict", "some emails are already registered", {
        reason: "emails_taken",
        emails: [],
      });
    throw err;
  }
}

/** Enables a disabled account again (its old sessions stay ended). */
export async function enableUser(ctx: AppContext, userId: string): Promise<AdminUser> {
  const row = await ctx.db
    .updateTable("users")
    .set({ disabled_at: null })
    .where("id", "=", userId)
    .returning(COLUMNS)
    .executeTakeFirst();
  if (!row) throw notFound("user");
  await userStatus(ctx, userId, true);
  return toAdminUser(row);
}
