import type { Redis } from "./redis.ts";

/** A small string cache shared by the cluster when Redis is configured, else per process. */
export interface Cache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  del(...keys: string[]): Promise<void>;
}

export function createCache(redis: Redis | null): Cache {
  if (redis) {
    return {
      get: async (key) => redis.get(key).catch(() => null),
      set: async (key, value, ttl) => {
        await redis.set(key, value, "EX", ttl).catch(() => undefined);
      },
      del: async (...keys) => {
        if (keys.length) await redis.del(...keys);
      },
    };
  }
  return createLocalCache();
}

/**
 * The single-node cache: a TTL map bounded to `maxEntries`, least recently used first out. A Map keeps
 * insertion order, so a hit re-inserts its key at the back and the front is always the oldest. Without
 * the bound, requests with random query values (`?directionId=`) grew the heap for good.
 */
export function createLocalCache(maxEntries = 10_000): Cache & { size(): number } {
  const map = new Map<string, { value: string; until: number }>();
  return {
    size: () => map.size,
    get: async (key) => {
      const hit = map.get(key);
      if (!hit) return null;
      map.delete(key);
      if (hit.until < Date.now()) return null;
      map.set(key, hit);
      return hit.value;
    },
    set: async (key, value, ttl) => {
      map.delete(key);
      map.set(key, { value, until: Date.now() + ttl * 1000 });
      while (map.size > maxEntries) map.delete(map.keys().next().value!);
    },
    del: async (...keys) => {
      for (const k of keys) map.delete(k);
    },
  };
}
