import type { Role } from "@imtihon/client-sdk/protocol";
import type { AppContext } from "../context.ts";
import { AppError } from "../errors.ts";

export interface Principal {
  userId: string;
  role: Role;
  tokenVersion: number;
  expiresAt: number;
}

// A few seconds of staleness is the price of not reading `users` on every request; a disabled
// account or a changed password is refused everywhere within this window.
const STATUS_TTL_MS = 3000;
const statusCache = new WeakMap<AppContext, Map<string, { tv: number; disabled: boolean; until: number }>>();

/** Verifies an access token and that its user is still enabled and on the same token version. */
export async function authenticate(ctx: AppContext, token: string | undefined): Promise<Principal> {
  if (!token) throw new AppError("unauthorized", "missing access token");
  const claims = await ctx.tokens.verifyAccess(token);
  const current = await userStatus(ctx, claims.userId);
  if (!current || current.disabled || current.tv !== claims.tokenVersion) {
    throw new AppError("unauthorized", "session is no longer valid");
  }
  return claims;
}

export async function userStatus(ctx: AppContext, userId: string, fresh = false) {
  let cache = statusCache.get(ctx);
  if (!cache) statusCache.set(ctx, (cache = new Map()));
  const hit = cache.get(userId);
  if (!fresh && hit && hit.until > Date.now()) return hit;
  const row = await ctx.db
    .selectFrom("users")
    .select(["token_version", "disabled_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!row) {
    cache.delete(userId);
    return null;
  }
  const entry = {
    tv: row.token_version,
    disabled: row.disabled_at !== null,
    until: Date.now() + STATUS_TTL_MS,
  };
  if (cache.size > 50_000) cache.clear();
  cache.set(userId, entry);
  return entry;
}

/** Drops a cached status (another node changed the user): the next request reads it afresh. */
export function forgetUserStatus(ctx: AppContext, userId: string): void {
  statusCache.get(ctx)?.delete(userId);
}

export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!roles.includes(p.role)) throw new AppError("forbidden", `needs role ${roles.join(" or ")}`);
}
