import type { Database, UserRow } from "@imtihon/db";
import type { Role, User } from "@imtihon/client-sdk/protocol";
import type { Kysely } from "kysely";
import { AppError } from "../errors.ts";
import { assertPasswordAllowed } from "./password-policy.ts";
import { hashPassword } from "./passwords.ts";

export function toUser(row: Pick<UserRow, "id" | "email" | "full_name" | "role">): User {
  return { id: row.id, email: row.email, fullName: row.full_name, role: row.role };
}

/** Postgres unique_violation: the one constraint error we answer with `conflict`. */
export function isUniqueViolation(err: unknown): boolean {
  return typeof err === "object" && err !== null && (err as { code?: unknown }).code === "23505";
}

/** Creates a user; a taken email (compared case-insensitively by the unique index) is `conflict`. */
export async function createUser(
  db: Kysely<Database>,
  input: { email: string; password: string; fullName: string; role: Role },
): Promise<UserRow> {
  assertPasswordAllowed(input.password);
  const password_hash = await hashPassword(input.password);
  try {
    return await db
      .insertInto("users")
      .values({
        email: input.email.trim().toLowerCase(),
        password_hash,
        full_name: input.fullName,
        role: input.role,
        disabled_at: null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError("conflict", "a user with this email already exists");
    throw err;
  }
}
