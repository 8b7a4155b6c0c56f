import type { ErrorCode } from "@imtihon/client-sdk/protocol";

/**
 * The one error type the domain throws for anything a client may be told. Both transports map it:
 * HTTP to `{ error }` with the contract's status, Socket.IO to `{ ok: false, error }`.
 * Anything else is a bug: logged with its stack and answered `unavailable`.
 */
export class AppError extends Error {
  override name = "AppError";
  readonly code: ErrorCode;
  readonly details?: unknown;
  readonly retryAfterSeconds?: number;
  constructor(code: ErrorCode, message: string, details?: unknown, retryAfterSeconds?: number) {
    super(message);
    this.code = code;
    this.details = details;
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export const notFound = (what: string) => new AppError("not_found", `${what} not found`);
export const forbidden = (message = "you may not do this") => new AppError("forbidden", message);
