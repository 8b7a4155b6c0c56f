import type * as SentryNode from "@sentry/node";
import { logContext } from "./log-context.ts";

type Sentry = typeof SentryNode;

/**
 * Unhandled errors to a Sentry-compatible endpoint when SENTRY_DSN is set (official SDK), each with
 * the release, the node and the request or socket id it happened in. Nothing a user typed or holds
 * leaves the process: passwords, tokens, cookies and answers are filtered from every event and
 * breadcrumb (scrubEvent), and request bodies are never sent. The SDK (and the OpenTelemetry it
 * brings, over a second of start-up on a busy machine) is loaded only when a DSN is configured.
 */
let sentry: Sentry | undefined;

export async function initErrorReporting(o: {
  dsn: string;
  release: string;
  environment: string;
  nodeId: string;
}): Promise<void> {
  if (sentry) return;
  const Sentry = await import("@sentry/node");
  Sentry.init({
    dsn: o.dsn,
    release: o.release,
    environment: o.environment,
    serverName: o.nodeId,
    // Collect as little as the SDK allows; scrubEvent below filters whatever still gets through.
    dataCollection: {
      userInfo: false,
      cookies: false,
      httpBodies: [],
      httpHeaders: { request: { allow: ["user-agent", "content-type", "x-request-id"] }, response: false },
      urlQueryParams: false,
    },
    // Errors only: performance tracing would send URLs and timings of every request.
    tracesSampleRate: 0,
    beforeSend: (event) => scrubEvent(event),
    beforeBreadcrumb: (crumb) => scrub(crumb) as SentryNode.Breadcrumb,
  });
  Sentry.setTag("node", o.nodeId);
  sentry = Sentry;
}

/** Reports an error the caller has already answered (HTTP 503, socket `unavailable`). */
export function reportError(err: unknown, extra: Record<string, unknown> = {}): void {
  const Sentry = sentry;
  if (!Sentry) return;
  const c = logContext();
  Sentry.withScope((scope) => {
    if (c?.reqId) scope.setTag("request_id", c.reqId);
    if (c?.socketId) scope.setTag("socket_id", c.socketId);
    if (c?.event) scope.setTag("socket_event", c.event);
    // The account id only: never its email or name.
    if (c?.userId) scope.setUser({ id: c.userId });
    scope.setExtras(extra);
    Sentry.captureException(err);
  });
}

export async function flushErrorReporting(ms = 2000): Promise<void> {
  if (sentry) await sentry.flush(ms);
}

const FILTERED = "[Filtered]";
// Keys whose values are secrets or a student's answers, wherever they appear in an event.
const SECRET_KEY =
  /pass(word)?|secret|token|authorization|cookie|api[-_]?key|jwt|session|^dsn$|^(response|answers?|choices?|payload|body|data|text)$/i;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const SECRET_PARAM = /([?&](?:token|access_token|refresh_token|password)=)[^&#\s]*/gi;

/** Deep copy with secrets filtered: by key name, and bearer tokens, JWTs and token query parameters in any string. */
export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 12) return FILTERED;
  if (typeof value === "string")
    return value
      .replace(BEARER, `$1 ${FILTERED}`)
      .replace(JWT, FILTERED)
      .replace(SECRET_PARAM, `$1${FILTERED}`);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? FILTERED : scrub(v, depth + 1);
    return out;
  }
  return value;
}

/**
 * An event as it may leave the process. The request's body (`request.data`), its cookies and the
 * stack frames' local variables are dropped whole; everything else is scrubbed.
 */
export function scrubEvent<E extends SentryNode.ErrorEvent>(event: E): E {
  if (event.request) {
    delete event.request.data;
    delete event.request.cookies;
  }
  const { exception, ...rest } = event;
  const scrubbed = scrub(rest) as E;
  if (exception) {
    // Exception values (messages) and frames are scrubbed for token-like strings; their keys
    // (type, value, stacktrace, ...) are structural and must survive.
    scrubbed.exception = {
      values: exception.values?.map((v) => ({
        ...v,
        value: v.value === undefined ? undefined : (scrub(v.value) as string),
        stacktrace: v.stacktrace && {
          ...v.stacktrace,
          // Local variables of a frame can hold a password or an answer under any name: never sent.
          frames: v.stacktrace.frames?.map(({ vars: _vars, ...f }) => f),
        },
      })),
    };
  }
  return scrubbed;
}
