import { randomUUID } from "node:crypto";
import type { AppContext } from "../context.ts";

// Every cached catalogue entry's key carries a generation; invalidating sets a new generation, so
// all entries (directions, lists per direction, exam details) go stale at once on every node that
// shares the cache, without enumerating keys. Entries also expire on their own.
const ENTRY_TTL_SECONDS = 300;
const GENERATION_TTL_SECONDS = 7 * 86_400;

const genKey = (ctx: AppContext) => `${ctx.config.redisPrefix}:catalogue:gen`;

async function generation(ctx: AppContext): Promise<string> {
  const current = await ctx.cache.get(genKey(ctx));
  if (current) return current;
  // A missing generation (first use, or expired) starts a new one: old entries are never reused.
  const fresh = randomUUID();
  await ctx.cache.set(genKey(ctx), fresh, GENERATION_TTL_SECONDS);
  return fresh;
}

/** Reads `name` from the catalogue cache, computing and storing it on a miss. */
export async function cachedCatalogue<T>(ctx: AppContext, name: string, load: () => Promise<T>): Promise<T> {
  const key = `${ctx.config.redisPrefix}:catalogue:${await generation(ctx)}:${name}`;
  const hit = await ctx.cache.get(key);
  if (hit !== null) return JSON.parse(hit) as T;
  const value = await load();
  await ctx.cache.set(key, JSON.stringify(value), ENTRY_TTL_SECONDS);
  return value;
}

/** Called after publish and after subject or direction creation. */
export async function invalidateCatalogue(ctx: AppContext): Promise<void> {
  await ctx.cache.set(genKey(ctx), randomUUID(), GENERATION_TTL_SECONDS);
}
