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
  const map = new Map<string, { value: string; until: number }>();
  return {
    get: async (key) => {
      const hit = map.get(key);
      if (!hit) return null;
      if (hit.until < Date.now()) {
        map.delete(key);
        return null;
      }
      return hit.value;
    },
    set: async (key, value, ttl) => {
      map.set(key, { value, until: Date.now() + ttl * 1000 });
    },
    del: async (...keys) => {
      for (const k of keys) map.delete(k);
    },
  };
}
