import type { Translate } from "../i18n/i18n.tsx";
import type { MessageKey } from "../i18n/messages.ts";

const KNOWN: Record<string, MessageKey> = {
  network: "error.network",
  unauthorized: "error.unauthorized",
  invalid_credentials: "auth.badCredentials",
  forbidden: "error.forbidden",
  not_found: "error.notFound",
  conflict: "error.conflict",
  rate_limited: "error.rateLimited",
  unavailable: "error.unavailable",
  time_over: "error.timeOver",
  attempt_closed: "error.attemptClosed",
  paused: "error.paused",
  exam_closed: "error.examClosed",
  max_attempts: "error.maxAttempts",
  payment_required: "error.paymentRequired",
};

/** A translated sentence for an ApiError or SdkError (anything with a `.code`), else its message. */
export function describeError(t: Translate, err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === "string" && KNOWN[code]) return t(KNOWN[code]);
  return err instanceof Error ? err.message : String(err);
}
