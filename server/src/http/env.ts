import type { AppContext } from "../context.ts";
import type { Principal } from "../auth/principal.ts";

/** Hono environment of every route: the app context and, after `auth`, the signed-in principal. */
export interface HttpEnv {
  Variables: {
    ctx: AppContext;
    principal: Principal;
    requestId: string;
  };
}
