import * as p from "./console.ts";
import { createExamBody } from "./http.ts";
import { adminExamResponse, adminExamWithWarningsResponse } from "./http-responses.ts";
import type { Role } from "./models.ts";
import type { RouteDef } from "./routes.ts";

/** Routes of the admin console and the proctor's history, spread into the protocol's route table. */
const route = <const R extends RouteDef>(def: R): R => def;
const roles = <const R extends readonly Role[]>(...list: R): R => list;

export const consoleRoutes = {
  sessionHistory: route({
    method: "get",
    path: "/sessions/:id/history",
    tag: "sessions",
    summary: "Integrity events and proctor messages of a session, newest first (its proctor, admin)",
    access: roles("proctor", "admin"),
    status: 200,
    response: p.sessionHistoryResponse,
    errors: [403, 404],
  }),
  adminUsers: route({
    method: "get",
    path: "/admin/users",
    tag: "admin",
    summary: "Users, newest first; `q` searches name and email, `role` filters",
    access: roles("admin"),
    query: p.adminUsersQuery,
    status: 200,
    response: p.adminUsersResponse,
    errors: [400],
  }),
  importStudents: route({
    method: "post",
    path: "/admin/users/import",
    tag: "admin",
    summary:
      "Create a school's students at once, each with a first-time password returned once (all or nothing)",
    access: roles("admin"),
    body: p.importStudentsBody,
    status: 201,
    response: p.importStudentsResponse,
    errors: [400, 409],
  }),
  resetPassword: route({
    method: "post",
    path: "/admin/users/:id/reset-password",
    tag: "admin",
    summary: "A new random password, returned once; every session of the user ends",
    access: roles("admin"),
    status: 200,
    response: p.resetPasswordResponse,
    errors: [404, 409],
  }),
  enableUser: route({
    method: "post",
    path: "/admin/users/:id/enable",
    tag: "admin",
    summary: "Enable a disabled account again",
    access: roles("admin"),
    status: 200,
    response: p.adminUserResponse,
    errors: [404],
  }),
  updateExam: route({
    method: "put",
    path: "/admin/exams/:id",
    tag: "admin",
    summary:
      "Replace a draft exam with the body of POST /admin/exams (409 `published` once published: duplicate it instead)",
    access: roles("admin"),
    body: createExamBody,
    status: 200,
    response: adminExamWithWarningsResponse,
    errors: [400, 404, 409],
  }),
  unpublishExam: route({
    method: "post",
    path: "/admin/exams/:id/unpublish",
    tag: "admin",
    summary:
      "Back to a draft while nobody has started it (409 `started` once an attempt or a session exists: close it instead)",
    access: roles("admin"),
    status: 200,
    response: adminExamResponse,
    errors: [404, 409],
  }),
  duplicateExam: route({
    method: "post",
    path: "/admin/exams/:id/duplicate",
    tag: "admin",
    summary: "A new draft with the same settings and questions (no dates)",
    access: roles("admin"),
    status: 201,
    response: adminExamResponse,
    errors: [404],
  }),
  closeExam: route({
    method: "post",
    path: "/admin/exams/:id/close",
    tag: "admin",
    summary:
      "Close a published exam now: no new attempts; a full review opens (409 for a draft or a closed exam)",
    access: roles("admin"),
    status: 200,
    response: adminExamResponse,
    errors: [404, 409],
  }),
  attemptMessages: route({
    method: "get",
    path: "/attempts/:id/messages",
    tag: "results",
    summary: "The proctor's messages to this attempt and to everyone in its session, oldest first",
    access: "signed-in",
    status: 200,
    response: p.attemptMessagesResponse,
    errors: [403, 404],
  }),
};
