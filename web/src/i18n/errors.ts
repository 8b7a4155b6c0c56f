import type { Translate, MessageKey } from "./i18n.tsx";

/** A zod issue as the server sends it in `error.details` (and as `safeParse` gives it in the page). */
export interface Issue {
  code: string;
  path: (string | number)[];
  message?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  format?: string;
  expected?: string;
  input?: unknown;
  keys?: string[];
}

const CODE_KEYS: Record<string, MessageKey> = {
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
  payload_too_large: "error.payloadTooLarge",
};

/** A `conflict`'s `details.reason`: which one, said plainly. */
const CONFLICT_KEYS: Record<string, MessageKey> = {
  not_live: "error.sessionNeedsLive",
  not_published: "error.sessionNotPublished",
  published: "error.examPublished",
  started: "error.examStarted",
  draft: "error.examIsDraft",
  closed: "error.examClosedAlready",
};

/** Field labels by the last named segment of an issue's path. */
const FIELD_KEYS: Record<string, MessageKey> = {
  email: "auth.email",
  password: "auth.password",
  newPassword: "auth.password",
  fullName: "auth.fullName",
  title: "builder.examTitle",
  durationSeconds: "builder.minutes",
  directionId: "builder.direction",
  mode: "builder.mode",
  review: "builder.review",
  sections: "field.sections",
  questionIds: "field.questions",
  pointsPerQuestion: "builder.points",
  subjectId: "builder.subject",
  subjectIds: "field.subjectIds",
  kind: "field.kind",
  stem: "import.stem",
  options: "import.options",
  correct: "import.correct",
  code: "field.code",
  name: "field.name",
  role: "field.role",
  opensAt: "field.opensAt",
  closesAt: "field.closesAt",
  maxAttempts: "field.maxAttempts",
  priceUzs: "field.price",
  text: "field.text",
  examId: "sessions.exam",
  students: "nav.users",
};

/** "Section 2 · Points per question", "Options", "Correct" — where in the form the issue is. */
export function fieldLabel(t: Translate, path: readonly (string | number)[]): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    if (seg === "sections" && typeof path[i + 1] === "number") {
      parts.push(t("builder.section", { n: String((path[i + 1] as number) + 1) }));
      i++;
      if (path[i + 1] === "title") {
        parts.push(t("builder.sectionTitle"));
        i++;
      }
    } else if (typeof seg === "string") {
      const key = FIELD_KEYS[seg];
      if (key) parts.push(t(key));
    }
  }
  return parts.join(" · ");
}

const CUSTOM: [RegExp, MessageKey][] = [
  [/^no option with id "(.*)"$/, "issue.noOption"],
  [/^option ids must be unique$/, "issue.optionIdsUnique"],
  [/^duplicate correct option$/, "issue.duplicateCorrect"],
  [/^a single-choice question has exactly one correct option$/, "issue.singleOneCorrect"],
  [/^a question appears twice$/, "issue.questionTwice"],
  [/^closesAt must be after opensAt$/, "issue.closesAfterOpens"],
  [/^at most two decimals$/, "issue.twoDecimals"],
  [/^letters, digits, _ \. - only$/, "issue.code"],
  [/^passwords differ$/, "issue.passwordsDiffer"],
  [/^full review needs a limit$/, "builder.fullNeedsLimit"],
  [/^email appears twice$/, "issue.emailTwice"],
];

/** What is wrong, without the field: "at least 8 characters", "there is no option “e”". */
export function issueText(t: Translate, issue: Issue): string {
  const count = Number(issue.minimum ?? issue.maximum ?? 0);
  switch (issue.code) {
    case "too_small":
      if (issue.origin === "string") return count <= 1 ? t("issue.required") : t("issue.minChars", { count });
      if (issue.origin === "array")
        return issue.path.at(-1) === "options"
          ? t("issue.minOptions", { count })
          : t("issue.minItems", { count });
      return t("issue.minNumber", { min: count });
    case "too_big":
      if (issue.origin === "string") return t("issue.maxChars", { count });
      if (issue.origin === "array") return t("issue.maxItems", { count });
      return t("issue.maxNumber", { max: count });
    case "invalid_format":
      if (issue.format === "email") return t("issue.email");
      if (issue.format === "uuid" || issue.format === "guid") return t("issue.notChosen");
      if (issue.format === "datetime") return t("issue.date");
      if (issue.format === "regex") return t("issue.code");
      return t("issue.invalidValue");
    case "invalid_type":
      if (issue.input === undefined || issue.input === "") return t("issue.required");
      if (issue.expected === "number") return t("issue.notNumber");
      if (issue.expected === "int") return t("issue.integer");
      return t("issue.invalidValue");
    case "not_multiple_of":
      return t("issue.twoDecimals");
    case "unrecognized_keys":
      return t("issue.unknownKeys", { keys: (issue.keys ?? []).join(", ") });
    case "custom":
      for (const [re, key] of CUSTOM) {
        const m = re.exec(issue.message ?? "");
        if (m) return t(key, { id: m[1] ?? "" });
      }
      return t("issue.invalidValue");
    default:
      return t("issue.invalidValue");
  }
}

/** "Full name: is required". */
export function describeIssue(t: Translate, issue: Issue): string {
  const field = fieldLabel(t, issue.path);
  const text = issueText(t, issue);
  return field ? `${field}: ${text}` : text;
}

function isIssueList(v: unknown): v is Issue[] {
  return (
    Array.isArray(v) && v.every((i) => typeof i === "object" && i !== null && "code" in i && "path" in i)
  );
}

/**
 * A translated sentence for an ApiError or SdkError (anything with a `.code`): never the server's
 * English. Rendered at display time, so switching the language re-translates a shown error.
 */
export function describeError(t: Translate, err: unknown): string {
  const e = err as { code?: unknown; details?: unknown; retryAfterSeconds?: number } | null;
  const code = typeof e?.code === "string" ? e.code : undefined;
  if (code === "invalid_payload" && isIssueList(e?.details))
    return `${t("error.invalidPayload")} ${e.details.map((i) => describeIssue(t, i)).join("; ")}`;
  if (code === "rate_limited" && e?.retryAfterSeconds) {
    // A socket event (SdkError) is a request, not a sign-in attempt: its own words, the same wait.
    const key =
      err instanceof Error && err.name === "SdkError" ? "error.tooManyRequestsWait" : "error.rateLimitedWait";
    return t(key, { wait: waitText(t, e.retryAfterSeconds) });
  }
  if (code === "conflict") {
    const reason = (e?.details as { reason?: string } | undefined)?.reason;
    if (reason && CONFLICT_KEYS[reason]) return t(CONFLICT_KEYS[reason]);
    if (reason === "not_certificate") return t("insights.notCertificate");
    if (reason === "too_few_responses") return t("insights.tooFewResponses");
    if (reason === "emails_taken") {
      const emails = (e?.details as { emails?: string[] }).emails ?? [];
      return t("users.emailsTaken", { emails: emails.join(", ") });
    }
  }
  if (code && CODE_KEYS[code]) return t(CODE_KEYS[code]);
  return t("error.unknown", { code: code ?? (err instanceof Error ? err.name : "?") });
}

/** "15 minutes" (rounded up) or "40 seconds" below a minute. */
export function waitText(t: Translate, seconds: number): string {
  return seconds >= 60
    ? t("error.minutes", { count: Math.ceil(seconds / 60) })
    : t("error.seconds", { count: Math.ceil(seconds) });
}

/** Issues grouped by dotted path, for messages under each field of a form. */
export function issuesByField(issues: readonly Issue[]): Map<string, Issue[]> {
  const out = new Map<string, Issue[]>();
  for (const i of issues) {
    const key = i.path.join(".");
    out.set(key, [...(out.get(key) ?? []), i]);
  }
  return out;
}
