import type { User } from "@imtihon/client-sdk/protocol";
import { createHash } from "node:crypto";
import type { AppContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { consume, refund } from "../infra/rate-limit.ts";
import { dummyHash, hashPassword, verifyPassword } from "./passwords.ts";
import { assertPasswordAllowed } from "./password-policy.ts";
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
  await consume(ctx.limiters.register, ip, 1, "too many accounts registered from your address");
  const row = await ctx.hashGate.run(ip, () => createUser(ctx.db, { ...input, role: "student" }));
  return signIn(ctx, row);
}

/** A sign-in that succeeded from this address before: spared the per-address spraying limit. */
const knownKey = (ctx: AppContext, email: string, ip: string) =>
  `${ctx.config.redisPrefix}:login-known:${createHash("sha256").update(`${email}|${ip}`).digest("base64url")}`;
const KNOWN_PAIR_SECONDS = 30 * 86_400;

/**
 * Unknown email and wrong password take the same path: one scrypt verification (against a dummy
 * hash for an unknown email), the same counters, the same 401.
 *
 * Limits are consumed BEFORE the hash, atomically, so a parallel burst cannot all pass a check and
 * count afterwards: at most 5 guesses per (account, address) per 15 minutes, and a success gives its
 * point back. Per address the budget counts distinct accounts tried (spraying), not failures, and a
 * pair that signed in from this address before is spared it: a school hall behind one NAT is not
 * locked out by one hostile student typing made-up emails. Hashes run through the node's HashGate.
 */
export async function login(
  ctx: AppContext,
  input: { email: string; password: string },
  ip: string,
): Promise<AuthResult> {
  const email = input.email.trim().toLowerCase();
  const pairKey = `${email}|${ip}`;
  const { loginEmailIp, loginIp } = ctx.limiters;
  const used = await consume(
    loginEmailIp,
    pairKey,
    1,
    "too many failed sign-ins to this account from your address",
  );
  let sprayed = false;
  let tested = false;
  try {
    if (used === 1 && !(await ctx.cache.get(knownKey(ctx, email, ip)))) {
      await consume(loginIp, ip, 1, "too many accounts tried from your address");
      sprayed = true;
    }
    const row = await ctx.db.selectFrom("users").selectAll().where("email", "=", email).executeTakeFirst();
    const hash = row?.password_hash ?? (await dummyHash());
    const ok = await ctx.hashGate.run(ip, () => verifyPassword(input.password, hash));
    tested = true;
    // A disabled account answers like a wrong password: nothing about accounts leaks.
    if (!row || !ok || row.disabled_at)
      throw new AppError("invalid_credentials", "email or password is wrong");
    await loginEmailIp.delete(pairKey).catch(() => undefined);
    if (sprayed) await refund(loginIp, ip);
    await ctx.cache.set(knownKey(ctx, email, ip), "1", KNOWN_PAIR_SECONDS);
    return signIn(ctx, row);
  } catch (err) {
    // No password was tested (a limit or the gate refused, or the database failed): give the points back.
    if (!tested) {
      await refund(loginEmailIp, pairKey);
      if (sprayed) await refund(loginIp, ip);
    }
    throw err;
  }
}

export async function refresh(ctx: AppContext, token: string): Promise<AuthResult> {
  const { userId, refreshToken } = await rotateRefreshToken(ctx.db, token, ctx.tokens.refreshSuccessor);
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
  await ctx.revocations.publish(userId);
  return row;
}

/**
 * The current password is checked under its own limit (per user: a stolen access token gets 5
 * guesses per 15 minutes, from any address), consumed before the hash and given back on success.
 */
export async function changePassword(
  ctx: AppContext,
  userId: string,
  input: { currentPassword: string; newPassword: string },
  ip: string,
): Promise<void> {
  assertPasswordAllowed(input.newPassword, "newPassword");
  const limiter = ctx.limiters.passwordChange;
  await consume(limiter, userId, 1, "too many wrong current passwords");
  let tested = false;
  try {
    const row = await ctx.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", userId)
      .executeTakeFirst();
    if (!row) throw notFound("user");
    const ok = await ctx.hashGate.run(ip, () => verifyPassword(input.currentPassword, row.password_hash));
    tested = true;
    if (!ok) throw new AppError("invalid_credentials", "current password is wrong");
  } catch (err) {
    if (!tested) await refund(limiter, userId);
    throw err;
  }
  await limiter.delete(userId).catch(() => undefined);
  const passwordHash = await ctx.hashGate.run(ip, () => hashPassword(input.newPassword));
  await endAllSessions(ctx, userId, { password_hash: passwordHash });
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
