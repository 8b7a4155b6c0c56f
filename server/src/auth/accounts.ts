import type { User } from "@imtihon/client-sdk/protocol";
import type { RateLimiterAbstract } from "rate-limiter-flexible";
import type { AppContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { consume } from "../infra/rate-limit.ts";
import { dummyHash, hashPassword, verifyPassword } from "./passwords.ts";
import { userStatus } from "./principal.ts";
import { issueRefreshToken, revokeAllForUser, revokeFamilyOf, rotateRefreshToken } from "./refresh-tokens.ts";
import { createUser, toUser } from "./users.ts";

export interface AuthResult {
  user: User;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

async function signIn(
  ctx: AppContext,
  user: { id: string; email: string; full_name: string; role: User["role"]; token_version: number },
  refreshToken?: string,
): Promise<AuthResult> {
  const access = await ctx.tokens.signAccess({
    id: user.id,
    role: user.role,
    tokenVersion: user.token_version,
  });
  return {
    user: toUser(user),
    accessToken: access.token,
    refreshToken: refreshToken ?? (await issueRefreshToken(ctx.db, user.id)),
    expiresIn: access.expiresIn,
  };
}

export async function register(
  ctx: AppContext,
  input: { email: string; password: string; fullName: string },
  ip: string,
): Promise<AuthResult> {
  await consume(ctx.limiters.register, ip);
  const row = await createUser(ctx.db, { ...input, role: "student" });
  return signIn(ctx, row);
}

/** Seconds until the key may try again, or 0. A key at its budget is blocked before any hashing. */
async function blockedFor(limiter: RateLimiterAbstract, key: string): Promise<number> {
  const res = await limiter.get(key);
  if (!res || res.consumedPoints < limiter.points) return 0;
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

const rateLimited = (seconds: number) =>
  new AppError("rate_limited", "too many failed sign-ins, try again later", undefined, seconds);

/**
 * Unknown email and wrong password take the same path: one scrypt verification (against a dummy
 * hash for an unknown email), the same counters, the same 401. Failures count per (email, IP) and
 * per IP; a success clears the (email, IP) counter.
 */
export async function login(
  ctx: AppContext,
  input: { email: string; password: string },
  ip: string,
): Promise<AuthResult> {
  const email = input.email.trim().toLowerCase();
  const pairKey = `${email}|${ip}`;
  const { loginEmailIp, loginIp } = ctx.limiters;
  const wait = Math.max(await blockedFor(loginEmailIp, pairKey), await blockedFor(loginIp, ip));
  if (wait) throw rateLimited(wait);

  const row = await ctx.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
  const ok = await verifyPassword(input.password, row?.password_hash ?? (await dummyHash()));
  // A disabled account answers like a wrong password: nothing about accounts leaks.
  if (!row || !ok || row.disabled_at) {
    try {
      await consume(loginEmailIp, pairKey);
      await consume(loginIp, ip);
    } catch (err) {
      if (err instanceof AppError && err.code === "rate_limited")
        throw rateLimited(err.retryAfterSeconds ?? 1);
      throw err;
    }
    throw new AppError("invalid_credentials", "email or password is wrong");
  }
  await loginEmailIp.delete(pairKey);
  return signIn(ctx, row);
}

export async function refresh(ctx: AppContext, token: string): Promise<AuthResult> {
  const { userId, refreshToken } = await rotateRefreshToken(ctx.db, token);
  const row = await ctx.db.selectFrom("users").selectAll().where("id", "=", userId).executeTakeFirst();
  if (!row || row.disabled_at) throw new AppError("unauthorized", "account is not active");
  return signIn(ctx, row, refreshToken);
}

export async function logout(ctx: AppContext, token: string): Promise<void> {
  await revokeFamilyOf(ctx.db, token);
}

/** Ends every session of the user: new token version (access tokens), refresh tokens revoked. */
async function endAllSessions(
  ctx: AppContext,
  userId: string,
  set: { password_hash?: string; disabled_at?: Date },
) {
  const row = await ctx.db.transaction().execute(async (trx) => {
    const updated = await trx
      .updateTable("users")
      .set((eb) => ({ ...set, token_version: eb("token_version", "+", 1) }))
      .where("id", "=", userId)
      .returningAll()
      .executeTakeFirst();
    if (updated) await revokeAllForUser(trx, userId);
    return updated;
  });
  if (!row) throw notFound("user");
  // Refresh this node's status cache now; other nodes see it within principal.ts's few seconds.
  await userStatus(ctx, userId, true);
  // Open sockets hold an already-verified token: cut them on every node now.
  await ctx.realtime?.disconnectUser(userId);
  return row;
}

export async function changePassword(
  ctx: AppContext,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  ip: string,
): Promise<void> {
  const key = `password:${userId}|${ip}`;
  const wait = await blockedFor(ctx.limiters.loginEmailIp, key);
  if (wait) throw rateLimited(wait);
  const row = await ctx.db
    .selectFrom("users")
    .select("password_hash")
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!row) throw notFound("user");
  if (!(await verifyPassword(input.currentPassword, row.password_hash))) {
    await consume(ctx.limiters.loginEmailIp, key).catch((err: unknown) => {
      if (err instanceof AppError && err.code === "rate_limited")
        throw rateLimited(err.retryAfterSeconds ?? 1);
      throw err;
    });
    throw new AppError("invalid_credentials", "current password is wrong");
  }
  await endAllSessions(ctx, userId, { password_hash: await hashPassword(input.newPassword) });
}

export async function disableUser(
  ctx: AppContext,
  actorId: string,
  userId: string,
): Promise<User & { disabledAt: string }> {
  if (actorId === userId) throw new AppError("conflict", "an admin cannot disable their own account");
  const existing = await ctx.db
    .selectFrom("users")
    .select("disabled_at")
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!existing) throw notFound("user");
  const row = await endAllSessions(ctx, userId, { disabled_at: existing.disabled_at ?? new Date() });
  return { ...toUser(row), disabledAt: row.disabled_at!.toISOString() };
}
