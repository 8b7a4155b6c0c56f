import { sql } from "kysely";
import { randomBytes } from "node:crypto";
import type { AppContext } from "../context.ts";
import { hashPassword } from "./passwords.ts";

const DEMO_ADMIN_EMAIL = "admin@imtihon.local";

/**
 * Creates or updates the bootstrap admin from ADMIN_EMAIL/ADMIN_PASSWORD. Without them, in embedded
 * (demo) mode, creates a demo admin once with a random password that is reported a single time.
 */
export async function ensureAdmin(
  ctx: AppContext,
  onCreated?: (email: string, password: string) => void,
): Promise<void> {
  const { adminEmail, adminPassword, databaseUrl } = ctx.config;
  if (adminEmail && adminPassword) {
    const password_hash = await hashPassword(adminPassword);
    await ctx.db
      .insertInto("users")
      .values({
        email: adminEmail.toLowerCase(),
        password_hash,
        full_name: "Administrator",
        role: "admin",
        disabled_at: null,
      })
      .onConflict((oc) =>
        oc.expression(sql`lower(email)`).doUpdateSet({ password_hash, role: "admin", disabled_at: null }),
      )
      .execute();
    return;
  }
  if (databaseUrl) return;
  const exists = await ctx.db
    .selectFrom("users")
    .select("id")
    .where("email", "=", DEMO_ADMIN_EMAIL)
    .executeTakeFirst();
  if (exists) return;
  const password = randomBytes(9).toString("base64url");
  await ctx.db
    .insertInto("users")
    .values({
      email: DEMO_ADMIN_EMAIL,
      password_hash: await hashPassword(password),
      full_name: "Demo Administrator",
      role: "admin",
      disabled_at: null,
    })
    .execute();
  onCreated?.(DEMO_ADMIN_EMAIL, password);
}
