import { Redis } from "ioredis";
import type { Logger } from "./logger.ts";

export type { Redis };

/**
 * A Redis client that reconnects by itself forever (with capped backoff) and fails commands fast
 * while disconnected, so a Redis restart never wedges a request.
 */
export function createRedis(url: string, log: Logger, name: string): Redis {
  const client = new Redis(url, {
    connectionName: `imtihon-${name}`,
    lazyConnect: false,
    enableOfflineQueue: true,
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => Math.min(50 * times, 2000),
    // Every socket event consumes a rate-limit point on the command client: commands issued in the
    // same tick go out as one pipeline (one write, one round trip) instead of one round trip each.
    enableAutoPipelining: name === "cmd",
  });
  let down = false;
  client.on("error", (err) => {
    if (!down) log.warn({ err: err.message, client: name }, "redis error");
    down = true;
  });
  client.on("ready", () => {
    if (down) log.info({ client: name }, "redis reconnected");
    down = false;
  });
  return client;
}
