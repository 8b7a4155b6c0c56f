import type { ErrorCode } from "./protocol/index.ts";

/** An `{ ok: false }` ack (or a local failure) surfaced as an exception with the contract's code. */
export class SdkError extends Error {
  override name = "SdkError";
  readonly code: ErrorCode | "timeout" | "disconnected";
  /** `rate_limited`: whole seconds the server asks to wait before trying again. */
  readonly retryAfterSeconds: number | undefined;
  constructor(code: ErrorCode | "timeout" | "disconnected", message: string, retryAfterSeconds?: number) {
    super(message);
    this.code = code;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}
