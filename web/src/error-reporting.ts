// Web-client errors to the same Sentry project as the server, only when the build was given a DSN
// (VITE_SENTRY_DSN, and VITE_SENTRY_RELEASE for the release): the SDK is then loaded as its own
// chunk, so a build without a DSN ships none of it. Nothing a student typed or holds is sent:
// request bodies, tokens and answers are filtered (docs/operations.md, "Error reporting").
// The page's Content-Security-Policy must allow the DSN's host in connect-src.
const dsn = import.meta.env.VITE_SENTRY_DSN as string | undefined;

const FILTERED = "[Filtered]";
const SECRET_KEY =
  /pass(word)?|secret|token|authorization|cookie|api[-_]?key|jwt|session|^(response|answers?|choices?|payload|body|data|text|input)$/i;
const JWT = /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+/g;
const BEARER = /\b(Bearer)\s+[A-Za-z0-9._~+/=-]+/g;

export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 12) return FILTERED;
  if (typeof value === "string") return value.replace(BEARER, `$1 ${FILTERED}`).replace(JWT, FILTERED);
  if (Array.isArray(value)) return value.map((v) => scrub(v, depth + 1));
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = SECRET_KEY.test(k) ? FILTERED : scrub(v, depth + 1);
    return out;
  }
  return value;
}

if (dsn) {
  void import("@sentry/browser").then((Sentry) => {
    Sentry.init({
      dsn,
      release: import.meta.env.VITE_SENTRY_RELEASE as string | undefined,
      environment: import.meta.env.MODE,
      // Errors only; no session replay, no tracing of the student's requests.
      tracesSampleRate: 0,
      beforeSend(event) {
        const { exception, ...rest } = event;
        const out = scrub(rest) as typeof event;
        if (exception)
          out.exception = {
            values: exception.values?.map((v) => ({ ...v, value: v.value && (scrub(v.value) as string) })),
          };
        return out;
      },
      // Console, click and fetch breadcrumbs can quote what was typed or the token sent: only keep
      // navigation (which page the error happened on).
      beforeBreadcrumb: (crumb) => (crumb.category === "navigation" ? (scrub(crumb) as typeof crumb) : null),
    });
  });
}
