import { AsyncLocalStorage } from "node:async_hooks";

/** What every log line (and error report) written while handling one request or socket event carries. */
export interface LogContext {
  reqId?: string;
  socketId?: string;
  userId?: string;
  event?: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` with `fields` added to the current context (nested contexts keep the outer fields). */
export function withLogContext<T>(fields: LogContext, fn: () => T): T {
  return storage.run({ ...storage.getStore(), ...fields }, fn);
}

export function logContext(): LogContext | undefined {
  return storage.getStore();
}
