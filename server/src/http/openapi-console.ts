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
];
