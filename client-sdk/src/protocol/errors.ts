import { z } from "zod";

/** Every error code of the public contract, HTTP and Socket.IO. */
export const ERROR_CODES = [
  "unauthorized",
  "invalid_credentials",
  "forbidden",
  "not_found",
  "conflict",
  "invalid_payload",
  "payment_required",
  "payload_too_large",
  "rate_limited",
  "unavailable",
  "time_over",
  "attempt_closed",
  "paused",
  "exam_closed",
  "max_attempts",
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The error of an HTTP response (`{ error }`) and of a failed socket ack (`{ ok: false, error }`). */
export const errorBodySchema = z.object({
  code: z.enum(ERROR_CODES),
  message: z.string(),
  details: z.unknown().optional(),
  /** `rate_limited` over Socket.IO: whole seconds to wait before trying again (HTTP sends `Retry-After`). */
  retryAfter: z.number().int().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

/** The HTTP status each code is answered with over HTTP. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  invalid_credentials: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  invalid_payload: 400,
  payment_required: 402,
  payload_too_large: 413,
  rate_limited: 429,
  unavailable: 503,
  time_over: 409,
  attempt_closed: 409,
  paused: 409,
  exam_closed: 409,
  max_attempts: 409,
};
