import { loginBody, refreshBody, registerBody } from "@imtihon/client-sdk/protocol";
import { Hono } from "hono";
import { login, logout, refresh, register } from "../../auth/accounts.ts";
import type { HttpEnv } from "../env.ts";
import { clientIp, jsonBody } from "../middleware.ts";

/** Register, login, refresh (rotation with a short two-tab grace), logout. No access token needed. */
export const authRoutes = new Hono<HttpEnv>()
  .post("/auth/register", async (c) => {
    const body = await jsonBody(c, registerBody);
    return c.json(await register(c.var.ctx, body, clientIp(c)), 201);
  })
  .post("/auth/login", async (c) => {
    const body = await jsonBody(c, loginBody);
    return c.json(await login(c.var.ctx, body, clientIp(c)), 200);
  })
  .post("/auth/refresh", async (c) => {
    const body = await jsonBody(c, refreshBody);
    return c.json(await refresh(c.var.ctx, body.refreshToken), 200);
  })
  .post("/auth/logout", async (c) => {
    const body = await jsonBody(c, refreshBody);
    await logout(c.var.ctx, body.refreshToken);
    return c.body(null, 204);
  });
