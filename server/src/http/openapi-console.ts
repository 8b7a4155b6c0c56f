import * as p from "@imtihon/client-sdk/protocol";
import type { RouteDoc } from "./openapi.ts";

/** The routes the web console and the proctor's history added; listed apart so each area owns its rows. */
export const CONSOLE_ROUTES: RouteDoc[] = [
  {
    method: "get",
    path: "/sessions/:id/history",
    tag: "sessions",
    summary: "Integrity events and proctor messages of a session, newest first (its proctor, admin)",
    access: ["proctor", "admin"],
    ok: { status: 200, schema: p.sessionHistoryResponse },
    errors: [403, 404],
  },
  {
    method: "get",
    path: "/admin/users",
    tag: "admin",
    summary: "Users, newest first; `q` searches name and email, `role` filters",
    access: ["admin"],
    query: p.adminUsersQuery,
    ok: { status: 200, schema: p.adminUsersResponse },
    errors: [400],
  },
  {
    method: "post",
    path: "/admin/users/import",
    tag: "admin",
    summary:
      "Create a school's students at once, each with a first-time password returned once (all or nothing)",
    access: ["admin"],
    body: p.importStudentsBody,
    ok: { status: 201, schema: p.importStudentsResponse },
    errors: [400, 409],
  },
  {
    method: "post",
    path: "/admin/users/:id/reset-password",
    tag: "admin",
    summary: "A new random password, returned once; every session of the user ends",
    access: ["admin"],
    ok: { status: 200, schema: p.resetPasswordResponse },
    errors: [404, 409],
  },
  {
    method: "post",
    path: "/admin/users/:id/enable",
    tag: "admin",
    summary: "Enable a disabled account again",
    access: ["admin"],
    ok: { status: 200, schema: p.adminUserResponse },
    errors: [404],
  },
  {
    method: "post",
    path: "/admin/exams/:id/duplicate",
    tag: "admin",
    summary: "A new draft with the same settings and questions (no dates)",
    access: ["admin"],
    ok: { status: 201, schema: p.adminExamResponse },
    errors: [404],
  },
  {
    method: "post",
    path: "/admin/exams/:id/close",
    tag: "admin",
    summary:
      "Close a published exam now: no new attempts; a full review opens (409 for a draft or a closed exam)",
    access: ["admin"],
    ok: { status: 200, schema: p.adminExamResponse },
    errors: [404, 409],
  },
  {
    method: "get",
    path: "/attempts/:id/messages",
    tag: "results",
    summary: "The proctor's messages to this attempt and to everyone in its session, oldest first",
    access: "signed-in",
    ok: { status: 200, schema: p.attemptMessagesResponse },
    errors: [403, 404],
  },
];
