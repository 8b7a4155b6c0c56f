import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from "rate-limiter-flexible";
import { AppError } from "../errors.ts";
import type { Redis } from "./redis.ts";

export interface LimitSpec {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
  blockSeconds?: number;
}

/**
 * Redis-backed when the cluster has Redis (one budget across nodes), in memory otherwise.
 * A Redis outage falls back to a per-node in-memory limiter (the insurance limiter):
 * limits stay enforced, they never fail open.
 */
export function createLimiter(redis: Redis | null, spec: LimitSpec, prefix = "imtihon"): RateLimiterAbstract {
  const base = {
    keyPrefix: `${prefix}:rl:${spec.keyPrefix}`,
    points: spec.points,
    duration: spec.durationSeconds,
    blockDuration: spec.blockSeconds ?? 0,
  };
  const memory = new RateLimiterMemory(base);
  if (!redis) return memory;
  return new RateLimiterRedis({
    ...base,
    storeClient: redis,
    insuranceLimiter: memory,
    rejectIfRedisNotReady: true,
  });
}

/** Consumes `points`; throws AppError rate_limited with a Retry-After when over. */
export async function consume(limiter: RateLimiterAbstract, key: string, points = 1): Promise<void> {
  try {
    await limiter.consume(key, points);
  } catch (err) {
    if (err instanceof RateLimiterRes) {
      const retry = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      throw new AppError("rate_limited", "too many requests, slow down", undefined, retry);
    }
    throw err;
  }
}

/** True when the key is currently over its budget (without consuming). */
export async function isBlocked(limiter: RateLimiterAbstract, key: string): Promise<number> {
  const res = await limiter.get(key);
  if (!res) return 0;
  return res.consumedPoints > limiter.points ? Math.max(1, Math.ceil(res.msBeforeNext / 1000)) : 0;
}
