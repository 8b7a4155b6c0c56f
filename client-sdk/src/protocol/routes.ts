import { z } from "zod";
import * as b from "./http.ts";
import * as r from "./http-responses.ts";
import { attemptDetailResponse, type Role } from "./models.ts";
import { bankRoutes } from "./bank-routes.ts";
import { consoleRoutes } from "./console-routes.ts";
import { itemRoutes } from "./item-routes.ts";
import { mediaRoutes } from "./media-routes.ts";
import { admissionRoutes } from "./insight-routes.ts";
import { dashboardRoutes } from "./dashboard-routes.ts";
import { paymentRoutes } from "./payment-routes.ts";
import { studentInsightRoutes } from "./student-insight-routes.ts";

/**
 * Every HTTP route, declared once with its schemas: the server's OpenAPI document is generated from
 * this table and the SDK's typed HTTP client is built from it. A route the server serves but this
 * table lacks fails `app.test.ts`.
 */
export type Access = "public" | "signed-in" | readonly Role[];

export interface RouteDef {
  method: "get" | "post" | "put" | "patch" | "delete";
  /** Hono-style path (`/exams/:id`), relative to `/api/v1` unless `root`. */
  path: string;
  root?: boolean;
  tag: string;
  summary: string;
  access: Access;
  body?: z.ZodType;
  /** How `body` travels: JSON unless said (an upload is `multipart/form-data`). */
  bodyType?: "application/json" | "multipart/form-data";
  /** Path parameters that are not UUIDs, with their schema. */
  params?: Record<string, z.ZodType>;
  /** A `multipart/form-data` body instead of JSON: its fields (a file is `z.file()`). */
  form?: z.ZodType;
  query?: z.ZodType;
  /** The success status; `response` is its JSON body, `contentType` a non-JSON body (or one of several). */
  status: number;
  response?: z.ZodType;
  contentType?: string | readonly string[];
  errors?: readonly number[];
}

const route = <const R extends RouteDef>(def: R): R => def;
const roles = <const R extends readonly Role[]>(...list: R): R => list;

export const routes = {
  // Operations
  healthz: route({
    method: "get",
    path: "/healthz",
    root: true,
    tag: "operations",
    summary: "Liveness",
    access: "public",
    status: 200,
    response: z.object({ ok: z.literal(true) }),
  }),
  readyz: route({
    method: "get",
    path: "/readyz",
    root: true,
    tag: "operations",
    summary: "Readiness: Postgres and (when configured) Redis reachable; 503 while draining",
    access: "public",
    status: 200,
    response: z.object({
      ready: z.boolean(),
      checks: z.record(z.string(), z.enum(["ok", "down", "draining"])),
    }),
    errors: [503],
  }),
  metrics: route({
    method: "get",
    path: "/metrics",
    root: true,
    tag: "operations",
    summary: "Prometheus metrics",
    access: "public",
    status: 200,
    contentType: "text/plain",
  }),
  openapi: route({
    method: "get",
    path: "/openapi.json",
    root: true,
    tag: "operations",
    summary: "This document",
    access: "public",
    status: 200,
    contentType: "application/json",
  }),
  docs: route({
    method: "get",
    path: "/docs",
    root: true,
    tag: "operations",
    summary: "API docs page (self-contained HTML)",
    access: "public",
    status: 200,
    contentType: "text/html",
  }),
  // Auth
  register: route({
    method: "post",
    path: "/auth/register",
    tag: "auth",
    summary: "Register a student account",
    access: "public",
    body: b.registerBody,
    status: 201,
    response: r.authResponse,
    errors: [400, 409, 429],
  }),
  login: route({
    method: "post",
    path: "/auth/login",
    tag: "auth",
    summary: "Sign in",
    access: "public",
    body: b.loginBody,
    status: 200,
    response: r.authResponse,
    errors: [400, 401, 429],
  }),
  refresh: route({
    method: "post",
    path: "/auth/refresh",
    tag: "auth",
    summary:
      "Rotate a refresh token for a new pair (a rotated token reused after a 10 s grace revokes its family)",
    access: "public",
    body: b.refreshBody,
    status: 200,
    response: r.authResponse,
    errors: [400, 401],
  }),
  logout: route({
    method: "post",
    path: "/auth/logout",
    tag: "auth",
    summary: "Revoke the refresh token's family",
    access: "public",
    body: b.refreshBody,
    status: 204,
    errors: [400],
  }),
  me: route({
    method: "get",
    path: "/me",
    tag: "me",
    summary: "The signed-in user",
    access: "signed-in",
    status: 200,
    response: r.meResponse,
  }),
  changePassword: route({
    method: "post",
    path: "/me/password",
    tag: "me",
    summary: "Change the password; every session of the user ends",
    access: "signed-in",
    body: b.changePasswordBody,
    status: 204,
    errors: [400, 401, 429],
  }),
  myAttempts: route({
    method: "get",
    path: "/me/attempts",
    tag: "results",
    summary: "The caller's attempts",
    access: "signed-in",
    status: 200,
    response: r.myAttemptsResponse,
  }),
  attempt: route({
    method: "get",
    path: "/attempts/:id",
    tag: "results",
    summary:
      "One attempt (owner, the session's proctor, admin), shaped by the exam's review policy for students",
    access: "signed-in",
    status: 200,
    response: attemptDetailResponse,
    errors: [403, 404],
  }),
  // Catalogue
  directions: route({
    method: "get",
    path: "/directions",
    tag: "catalogue",
    summary: "Directions and their subjects",
    access: "signed-in",
    status: 200,
    response: r.directionsResponse,
  }),
  exams: route({
    method: "get",
    path: "/exams",
    tag: "catalogue",
    summary: "Published exams",
    access: "signed-in",
    query: b.examListQuery,
    status: 200,
    response: r.examListResponse,
    errors: [400],
  }),
  exam: route({
    method: "get",
    path: "/exams/:id",
    tag: "catalogue",
    summary: "A published exam with its sections (admins also see drafts)",
    access: "signed-in",
    status: 200,
    response: r.examDetailSchema,
    errors: [404],
  }),
  examStats: route({
    method: "get",
    path: "/exams/:id/stats",
    tag: "results",
    summary: "Exam statistics (drafts: admin only; a proctor: attempts of their own sessions only)",
    access: roles("proctor", "admin"),
    query: r.examStatsQuery,
    status: 200,
    response: r.examStatsResponse,
    errors: [400, 403, 404],
  }),
  // Authoring
  createUser: route({
    method: "post",
    path: "/admin/users",
    tag: "admin",
    summary: "Create a user of any role",
    access: roles("admin"),
    body: b.createUserBody,
    status: 201,
    response: r.meResponse,
    errors: [400, 409],
  }),
  disableUser: route({
    method: "post",
    path: "/admin/users/:id/disable",
    tag: "admin",
    summary: "Disable a user: every session ends, sign-in refused",
    access: roles("admin"),
    status: 200,
    response: r.disabledUserResponse,
    errors: [404, 409],
  }),
  subjects: route({
    method: "get",
    path: "/admin/subjects",
    tag: "admin",
    summary: "All subjects",
    access: roles("admin"),
    status: 200,
    response: r.subjectListResponse,
  }),
  createSubject: route({
    method: "post",
    path: "/admin/subjects",
    tag: "admin",
    summary: "Create a subject",
    access: roles("admin"),
    body: b.createSubjectBody,
    status: 201,
    response: r.subjectResponse,
    errors: [400, 409],
  }),
  createDirection: route({
    method: "post",
    path: "/admin/directions",
    tag: "admin",
    summary: "Create a direction with its subjects",
    access: roles("admin"),
    body: b.createDirectionBody,
    status: 201,
    response: r.directionResponse,
    errors: [400, 409],
  }),
  questions: route({
    method: "get",
    path: "/admin/questions",
    tag: "admin",
    summary: "Questions with their correct options",
    access: roles("admin"),
    query: b.adminQuestionsQuery,
    status: 200,
    response: r.adminQuestionsResponse,
    errors: [400],
  }),
  createQuestions: route({
    method: "post",
    path: "/admin/questions",
    tag: "admin",
    summary: "Create questions, all or nothing; ids in input order",
    access: roles("admin"),
    body: b.createQuestionsBody,
    status: 201,
    response: r.questionIdsResponse,
    errors: [400],
  }),
  updateQuestion: route({
    method: "put",
    path: "/admin/questions/:id",
    tag: "admin",
    summary:
      "Replace a question's content; once it is in a published exam the edit becomes a new version (new id)",
    access: roles("admin"),
    body: b.updateQuestionBody,
    status: 200,
    response: r.questionResponse,
    errors: [400, 404, 409],
  }),
  adminExams: route({
    method: "get",
    path: "/admin/exams",
    tag: "admin",
    summary: "Every exam, drafts included",
    access: roles("admin"),
    status: 200,
    response: r.adminExamListResponse,
  }),
  createExam: route({
    method: "post",
    path: "/admin/exams",
    tag: "admin",
    summary: "Create a draft exam",
    access: roles("admin"),
    body: b.createExamBody,
    status: 201,
    response: r.adminExamWithWarningsResponse,
    errors: [400],
  }),
  adminExam: route({
    method: "get",
    path: "/admin/exams/:id",
    tag: "admin",
    summary: "One exam, admin view",
    access: roles("admin"),
    status: 200,
    response: r.adminExamResponse,
    errors: [404],
  }),
  publishExam: route({
    method: "post",
    path: "/admin/exams/:id/publish",
    tag: "admin",
    summary: "Publish (idempotent: a published exam answers 200 unchanged); its questions freeze",
    access: roles("admin"),
    status: 200,
    response: r.adminExamWithWarningsResponse,
    errors: [404],
  }),
  // Live sessions
  createSession: route({
    method: "post",
    path: "/sessions",
    tag: "sessions",
    summary: "Open a live session (lobby) for a published live exam",
    access: roles("proctor", "admin"),
    body: b.createSessionBody,
    status: 201,
    response: r.sessionResponse,
    errors: [400, 404, 409],
  }),
  sessions: route({
    method: "get",
    path: "/sessions",
    tag: "sessions",
    summary: "The caller's sessions (admin: all)",
    access: roles("proctor", "admin"),
    status: 200,
    response: r.sessionListResponse,
  }),
  session: route({
    method: "get",
    path: "/sessions/:id",
    tag: "sessions",
    summary: "One session (its proctor, admin)",
    access: roles("proctor", "admin"),
    status: 200,
    response: r.sessionResponse,
    errors: [403, 404],
  }),
  // TODO(payments): the order routes join this table once client-sdk/src/protocol/payments.ts lands.
  // Products, orders and payments
  ...paymentRoutes,
  // The admin console and the proctor's history
  ...consoleRoutes,
  // Topics and the question bank's bulk actions
  ...itemRoutes,
  // Figures for questions
  ...mediaRoutes,
  // The question bank's import and export
  ...bankRoutes,
  // Passing scores, the admission view, certificate scaling
  ...admissionRoutes,
  // A student's standing and progress
  ...studentInsightRoutes,
  // The operators' dashboard and the legacy-results import
  ...dashboardRoutes,
} as const satisfies Record<string, RouteDef>;

export type Routes = typeof routes;
export type RouteName = keyof Routes;

/** `/exams/:id/stats` → `"id"`. */
export type PathParams<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParams<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

type ParamsInput<R extends RouteDef> = [PathParams<R["path"]>] extends [never]
  ? unknown
  : { params: Record<PathParams<R["path"]>, string> };
type BodyInput<R extends RouteDef> = R extends { body: infer B extends z.ZodType }
  ? { body: z.input<B> }
  : unknown;
type FormInput<R extends RouteDef> = R extends { form: infer F extends z.ZodType }
  ? { form: z.input<F> }
  : unknown;
type QueryInput<R extends RouteDef> = R extends { query: infer Q extends z.ZodType }
  ? { query?: z.input<Q> }
  : unknown;

/** What a call to a route takes: its path parameters, body (JSON or form) and query, each only when it has one. */
export type RouteInput<R extends RouteDef> = ParamsInput<R> & BodyInput<R> & FormInput<R> & QueryInput<R>;
/** What a route answers on success: the parsed JSON body, or nothing (204, non-JSON). */
export type RouteOutput<R extends RouteDef> = R extends { response: infer S extends z.ZodType }
  ? z.output<S>
  : void;

/** The full path of a route, `/api/v1` prefixed unless it is a root route. */
export function routePath(def: RouteDef): string {
  return def.root ? def.path : `/api/v1${def.path}`;
}
