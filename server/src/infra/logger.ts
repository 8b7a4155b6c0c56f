import { pino, type DestinationStream, type Logger } from "pino";
import { logContext } from "./log-context.ts";

export type { Logger };

/**
 * JSON lines for any collector. Every line written while a request or socket event is handled
 * carries its `reqId` or `socketId` (and `userId`, `event`) from the async context, without each
 * call site passing them.
 */
export function createLogger(
  level: string,
  base: Record<string, unknown> = {},
  destination?: DestinationStream,
): Logger {
  const options = {
    level,
    base: { pid: process.pid, ...base },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => ({ ...logContext() }),
  };
  return destination ? pino(options, destination) : pino(options);
}
