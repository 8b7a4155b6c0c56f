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
 * limits stay enforced, they never fail open. Every limiter has its own key prefix, so a key of
 * one (an email, say) can never spend another's budget.
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

/** "30 seconds", "1 minute", "15 minutes": how long to wait, for a person to read. */
export function waitText(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}

export function retryAfterOf(res: RateLimiterRes): number {
  return Math.max(1, Math.ceil(res.msBeforeNext / 1000));
}

/**
 * Consumes `points` atomically (one Redis INCR, or the memory map) and answers how many the key has
 * used; throws AppError rate_limited with a Retry-After and a wait in words when over.
 */
export async function consume(
  limiter: RateLimiterAbstract,
  key: string,
  points = 1,
  message = "too many requests",
): Promise<number> {
  try {
    return (await limiter.consume(key, points)).consumedPoints;
  } catch (err) {
    if (err instanceof RateLimiterRes) {
      const retry = retryAfterOf(err);
      throw new AppError("rate_limited", `${message}: try again in ${waitText(retry)}`, undefined, retry);
    }
    throw err;
  }
}

/** Gives back points consumed for work that did not happen or succeeded; never throws. */
export async function refund(limiter: RateLimiterAbstract, key: string, points = 1): Promise<void> {
  await limiter.reward(key, points).catch(() => undefined);
}
