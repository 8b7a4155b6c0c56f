import * as p from "@imtihon/client-sdk/protocol";
import { z } from "zod";

/**
 * The OpenAPI 3.1 document, generated from the zod schemas the routes validate with (request side)
 * and the response schemas tests parse real responses with. `openapi.test.ts` checks that every
 * route of the app is listed here and nothing else, so the document cannot silently go stale.
 */
type Access = "public" | "signed-in" | p.Role[];

export interface RouteDoc {
  method: "get" | "post" | "put";
  /** Hono-style path (`/exams/:id`), relative to `/api/v1` unless `root`. */
  path: string;
  root?: boolean;
  tag: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  query?: z.ZodType;
  ok: { status: number; schema?: z.ZodType; contentType?: string; description?: string };
  errors?: number[];
}

const role = (...roles: p.Role[]) => roles;

const nullableNumber = z.number().nullable();
const statsResponse = z
  .object({
    examId: z.uuid(),
    attempts: z.number().int().describe("closed attempts counted (submitted, expired, terminated)"),
    maxScore: z.number(),
    mean: nullableNumber,
    median: nullableNumber,
    stdDev: nullableNumber.describe("population standard deviation"),
    histogram: z
      .array(z.object({ from: z.number(), to: z.number(), count: z.number().int() }))
      .describe("ten equal bins from 0 to maxScore; the last includes maxScore"),
    cronbachAlpha: nullableNumber.describe("over item scores (points earned per question)"),
    questions: z.array(
      z.object({
        questionId: z.uuid(),
        position: z.number().int(),
        section: z.number().int(),
        stem: z.string(),
        points: z.number(),
        answered: z.number().int(),
        facility: nullableNumber.describe("share of attempts that got it right"),
        discrimination: nullableNumber.describe("facility in the top 27% by total minus the bottom 27%"),
        options: z.array(
          z.object({ id: z.string(), text: z.string(), count: z.number().int(), correct: z.boolean() }),
        ),
      }),
    ),
  })
  .describe(
    "Score distribution and item analysis of an exam's closed attempts (proctor, admin); `?sessionId=` narrows it to one session.",
  );
const reviewItem = z.object({
  questionId: z.uuid(),
  stem: z.string(),
  options: z.array(z.object({ id: z.string(), text: z.string() })),
  response: z.unknown().nullable(),
  correct: z.array(z.string()),
  isCorrect: z.boolean(),
  points: z.number(),
});
const adminExamWithWarnings = p.adminExamResponse.extend({
  warnings: z
    .array(p.authoringWarningSchema)
    .optional()
    .describe(
      "e.g. a full-review exam sharing questions with another open exam: its key stays hidden until that closes",
    ),
});
const attemptDetailResponse = z.object({
  attempt: p.attemptSummarySchema,
  result: p.resultSchema.optional(),
  reviewPending: p.reviewPendingSchema
    .optional()
    .describe(
      "a full review withheld: why (`open_exam`, `live_session`) and when it opens (null: no date known)",
    ),
  review: z
    .array(reviewItem)
    .optional()
    .describe(
      "per-question review with the key: for staff, and for the student when the review policy is `full` and the key can no longer help anyone (no open self-paced exam and no unfinished live session contains any of its questions)",
    ),
});

export const ROUTES: RouteDoc[] = [
  // Operations
  {
    method: "get",
    path: "/healthz",
    root: true,
    tag: "operations",
    summary: "Liveness",
    access: "public",
    ok: { status: 200, schema: z.object({ ok: z.literal(true) }) },
  },
  {
    method: "get",
    path: "/readyz",
    root: true,
    tag: "operations",
    summary: "Readiness: Postgres and (when configured) Redis reachable; 503 while draining",
    access: "public",
    ok: {
      status: 200,
      schema: z.object({
        ready: z.boolean(),
        checks: z.record(z.string(), z.enum(["ok", "down", "draining"])),
      }),
    },
    errors: [503],
  },
  {
    method: "get",
    path: "/metrics",
    root: true,
    tag: "operations",
    summary: "Prometheus metrics",
    access: "public",
    ok: { status: 200, contentType: "text/plain" },
  },
  {
    method: "get",
    path: "/openapi.json",
    root: true,
    tag: "operations",
    summary: "This document",
    access: "public",
    ok: { status: 200, contentType: "application/json" },
  },
  {
    method: "get",
    path: "/docs",
    root: true,
    tag: "operations",
    summary: "API docs page (self-contained HTML)",
    access: "public",
    ok: { status: 200, contentType: "text/html" },
  },
  // Auth
  {
    method: "post",
    path: "/auth/register",
    tag: "auth",
    summary: "Register a student account",
    access: "public",
    body: p.registerBody,
    ok: { status: 201, schema: p.authResponse },
    errors: [400, 409, 429],
  },
  {
    method: "post",
    path: "/auth/login",
    tag: "auth",
    summary: "Sign in",
    access: "public",
    body: p.loginBody,
    ok: { status: 200, schema: p.authResponse },
    errors: [400, 401, 429],
  },
  {
    method: "post",
    path: "/auth/refresh",
    tag: "auth",
    summary:
      "Rotate a refresh token for a new pair (a rotated token reused after a 10 s grace revokes its family)",
    access: "public",
    body: p.refreshBody,
    ok: { status: 200, schema: p.authResponse },
    errors: [400, 401],
  },
  {
    method: "post",
    path: "/auth/logout",
    tag: "auth",
    summary: "Revoke the refresh token's family",
    access: "public",
    body: p.refreshBody,
    ok: { status: 204 },
    errors: [400],
  },
  {
    method: "get",
    path: "/me",
    tag: "me",
    summary: "The signed-in user",
    access: "signed-in",
    ok: { status: 200, schema: p.meResponse },
  },
  {
    method: "post",
    path: "/me/password",
    tag: "me",
    summary: "Change the password; every session of the user ends",
    access: "signed-in",
    body: p.changePasswordBody,
    ok: { status: 204 },
    errors: [400, 401, 429],
  },
  {
    method: "get",
    path: "/me/attempts",
    tag: "results",
    summary: "The caller's attempts",
    access: "signed-in",
    ok: { status: 200, schema: z.object({ items: z.array(p.attemptSummarySchema) }) },
  },
  {
    method: "get",
    path: "/attempts/:id",
    tag: "results",
    summary:
      "One attempt (owner, the session's proctor, admin), shaped by the exam's review policy for students",
    access: "signed-in",
    ok: { status: 200, schema: attemptDetailResponse },
    errors: [403, 404],
  },
  // Catalogue
  {
    method: "get",
    path: "/directions",
    tag: "catalogue",
    summary: "Directions and their subjects",
    access: "signed-in",
    ok: { status: 200, schema: p.directionsResponse },
  },
  {
    method: "get",
    path: "/exams",
    tag: "catalogue",
    summary: "Published exams",
    access: "signed-in",
    query: p.examListQuery,
    ok: { status: 200, schema: p.examListResponse },
    errors: [400],
  },
  {
    method: "get",
    path: "/exams/:id",
    tag: "catalogue",
    summary: "A published exam with its sections (admins also see drafts)",
    access: "signed-in",
    ok: { status: 200, schema: p.examDetailSchema },
    errors: [404],
  },
  {
    method: "get",
    path: "/exams/:id/stats",
    tag: "results",
    summary: "Exam statistics (drafts: admin only; a proctor: attempts of their own sessions only)",
    access: role("proctor", "admin"),
    query: z.strictObject({ sessionId: z.uuid().optional() }),
    ok: { status: 200, schema: statsResponse },
    errors: [400, 403, 404],
  },
  // Authoring
  {
    method: "post",
    path: "/admin/users",
    tag: "admin",
    summary: "Create a user of any role",
    access: role("admin"),
    body: p.createUserBody,
    ok: { status: 201, schema: p.meResponse },
    errors: [400, 409],
  },
  {
    method: "post",
    path: "/admin/users/:id/disable",
    tag: "admin",
    summary: "Disable a user: every session ends, sign-in refused",
    access: role("admin"),
    ok: { status: 200, schema: p.disabledUserResponse },
    errors: [404, 409],
  },
  {
    method: "get",
    path: "/admin/subjects",
    tag: "admin",
    summary: "All subjects",
    access: role("admin"),
    ok: { status: 200, schema: z.object({ items: z.array(p.subjectSchema) }) },
  },
  {
    method: "post",
    path: "/admin/subjects",
    tag: "admin",
    summary: "Create a subject",
    access: role("admin"),
    body: p.createSubjectBody,
    ok: { status: 201, schema: z.object({ subject: p.subjectSchema }) },
    errors: [400, 409],
  },
  {
    method: "post",
    path: "/admin/directions",
    tag: "admin",
    summary: "Create a direction with its subjects",
    access: role("admin"),
    body: p.createDirectionBody,
    ok: { status: 201, schema: z.object({ direction: p.directionSchema }) },
    errors: [400, 409],
  },
  {
    method: "get",
    path: "/admin/questions",
    tag: "admin",
    summary: "Questions with their correct options",
    access: role("admin"),
    query: p.adminQuestionsQuery,
    ok: { status: 200, schema: p.adminQuestionsResponse },
    errors: [400],
  },
  {
    method: "post",
    path: "/admin/questions",
    tag: "admin",
    summary: "Create questions, all or nothing; ids in input order",
    access: role("admin"),
    body: p.createQuestionsBody,
    ok: { status: 201, schema: p.questionIdsResponse },
    errors: [400],
  },
  {
    method: "put",
    path: "/admin/questions/:id",
    tag: "admin",
    summary: "Replace a question's content; 409 once it is in a published exam",
    access: role("admin"),
    body: p.updateQuestionBody,
    ok: { status: 200, schema: p.questionResponse },
    errors: [400, 404, 409],
  },
  {
    method: "get",
    path: "/admin/exams",
    tag: "admin",
    summary: "Every exam, drafts included",
    access: role("admin"),
    ok: { status: 200, schema: p.adminExamListResponse },
  },
  {
    method: "post",
    path: "/admin/exams",
    tag: "admin",
    summary: "Create a draft exam",
    access: role("admin"),
    body: p.createExamBody,
    ok: { status: 201, schema: adminExamWithWarnings },
    errors: [400],
  },
  {
    method: "get",
    path: "/admin/exams/:id",
    tag: "admin",
    summary: "One exam, admin view",
    access: role("admin"),
    ok: { status: 200, schema: p.adminExamResponse },
    errors: [404],
  },
  {
    method: "post",
    path: "/admin/exams/:id/publish",
    tag: "admin",
    summary: "Publish (idempotent: a published exam answers 200 unchanged); its questions freeze",
    access: role("admin"),
    ok: { status: 200, schema: adminExamWithWarnings },
    errors: [404],
  },
  // Live sessions
  {
    method: "post",
    path: "/sessions",
    tag: "sessions",
    summary: "Open a live session (lobby) for a published live exam",
    access: role("proctor", "admin"),
    body: p.createSessionBody,
    ok: { status: 201, schema: p.sessionResponse },
    errors: [400, 404, 409],
  },
  {
    method: "get",
    path: "/sessions",
    tag: "sessions",
    summary: "The caller's sessions (admin: all)",
    access: role("proctor", "admin"),
    ok: { status: 200, schema: p.sessionListResponse },
  },
  {
    method: "get",
    path: "/sessions/:id",
    tag: "sessions",
    summary: "One session (its proctor, admin)",
    access: role("proctor", "admin"),
    ok: { status: 200, schema: p.sessionResponse },
    errors: [403, 404],
  },
];

const ERROR_TEXT: Record<number, string> = {
  400: "invalid_payload: zod issues in `details`",
  401: "unauthorized (missing, invalid or expired token) or invalid_credentials",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  413: "payload_too_large (body over 1 MiB)",
  429: "rate_limited, with Retry-After",
  503: "unavailable",
};

const schema = (s: z.ZodType, io: "input" | "output") =>
  z.toJSONSchema(s, { io, unrepresentable: "any", target: "draft-2020-12" }) as Record<string, unknown>;

function queryParameters(query: z.ZodType) {
  const json = schema(query, "input") as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: json.required?.includes(name) ?? false,
    schema: s,
  }));
}

export function fullPath(r: RouteDoc): string {
  return r.root ? r.path : `/api/v1${r.path}`;
}

export function buildOpenApi(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of ROUTES) {
    const path = fullPath(r).replace(/:(\w+)/g, "{$1}");
    const params = [...r.path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string", format: "uuid" },
    }));
    const errors = new Set(r.errors ?? []);
    if (r.access !== "public") errors.add(401);
    if (Array.isArray(r.access)) errors.add(403);
    if (r.body) errors.add(413);
    const responses: Record<string, unknown> = {
      [r.ok.status]: {
        description: r.ok.description ?? "success",
        ...(r.ok.schema
          ? { content: { "application/json": { schema: schema(r.ok.schema, "output") } } }
          : r.ok.contentType
            ? { content: { [r.ok.contentType]: {} } }
            : {}),
      },
    };
    for (const status of [...errors].sort()) {
      responses[status] = {
        description: ERROR_TEXT[status] ?? "error",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      };
    }
    const access =
      r.access === "public"
        ? "no token"
        : r.access === "signed-in"
          ? "any signed-in user"
          : `role: ${r.access.join(" or ")}`;
    (paths[path] ??= {})[r.method] = {
      tags: [r.tag],
      summary: r.summary,
      description: `Access: ${access}.`,
      ...(r.access === "public" ? { security: [] } : {}),
      parameters: [...params, ...(r.query ? queryParameters(r.query) : [])],
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { "application/json": { schema: schema(r.body, "input") } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "Imtihon API",
      version: "1.0.0",
      description:
        "Real-time exam platform. HTTP for auth, catalogue and authoring; the exam itself runs over Socket.IO " +
        "(see docs/protocol.md). Errors are `{ error: { code, message, details? } }`.",
    },
    servers: [{ url: "/" }],
    security: [{ bearer: [] }],
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      schemas: { Error: schema(p.errorResponse, "output") },
    },
    tags: ["operations", "auth", "me", "catalogue", "results", "admin", "sessions"].map((name) => ({ name })),
    paths,
  };
}
