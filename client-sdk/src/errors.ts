import type { ErrorCode } from "./protocol/index.ts";

/** An `{ ok: false }` ack (or a local failure) surfaced as an exception with the contract's code. */
export class SdkError extends Error {
  override name = "SdkError";
  readonly code: ErrorCode | "timeout" | "disconnected";
  constructor(code: ErrorCode | "timeout" | "disconnected", message: string) {
    super(message);
    this.code = code;
  }
}
