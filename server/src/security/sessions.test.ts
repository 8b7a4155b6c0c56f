import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import {
  apiClient,
  call,
  connectRaw,
  createTestDatabase,
  createUser,
  next,
  type RawSocket,
  startTestServer,
  type TestDatabase,
  type TestServer,
} from "@imtihon/testing";

// Sessions end when they should: an expired token on an open socket, a disabled account, a changed
// password, a replayed refresh token, a logout.

const ADMIN = { email: "admin@test.local", password: "admin-password-123" };

function disconnected(s: RawSocket): Promise<string> {
  return new Promise((resolve) => {
    if (!s.connected) return resolve("already");
    s.once("disconnect", (reason) => resolve(reason));
  });
}

async function signUp(url: string, tag: string) {
  const api = apiClient(url);
  const email = `${tag}-${Math.random().toString(36).slice(2, 8)}@test.local`;
  const res = await api.post("/auth/register", { email, password: "student-pass-1", fullName: tag });
  expect(res.status).toBe(201);
  return { email, ...(res.body as { user: { id: string }; accessToken: string; refreshToken: string }) };
}

describe("an access token that expires on an open socket", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accessTokenSeconds: 2, authRefreshGraceMs: 400 });
  });
  afterAll(() => server?.stop());

  test("gets auth:expired, then is disconnected when it does not refresh", async () => {
    const u = await signUp(server.url, "expire");
    const s = await connectRaw(server.url, u.accessToken);
    const gone = disconnected(s);
    const warned = await next(s, "auth:expired", () => true, 15_000);
    expect(Date.parse(warned.expiresAt)).toBeGreaterThan(0);
    expect(await gone).toBe("io server disconnect");
    // The same token cannot come back.
    await expect(connectRaw(server.url, u.accessToken)).rejects.toThrow("unauthorized");
  });

  test("stays connected when it sends auth:refresh with a fresh token in time", async () => {
    const u = await signUp(server.url, "refresher");
    const s = await connectRaw(server.url, u.accessToken);
    // A control socket on the same token that does not refresh: its cut-off marks the end of the grace.
    const control = await connectRaw(server.url, u.accessToken);
    const controlGone = disconnected(control);
    let reason: string | undefined;
    s.on("disconnect", (r) => (reason = r));
    await next(s, "auth:expired", () => true, 15_000);
    const fresh = await apiClient(server.url).post("/auth/refresh", { refreshToken: u.refreshToken });
    expect(fresh.status).toBe(200);
    const ack = await call(s, "auth:refresh", { token: fresh.body.accessToken });
    expect(ack).toMatchObject({ ok: true });
    // Past the grace (the control was cut off) the refreshed socket still answers.
    expect(await controlGone).toBe("io server disconnect");
    expect(await call(s, "time:sync", { clientNow: Date.now() })).toMatchObject({ ok: true });
    expect(reason).toBeUndefined();
    s.disconnect();
  });

  test("auth:refresh with another user's token is forbidden", async () => {
    // Tokens minted directly (15 min): two scrypt sign-ups on a loaded machine can outlast this
    // server's 2 s tokens, and then the connect itself is refused.
    const a = await createUser(server.ctx.db, "student", "alice");
    const b = await createUser(server.ctx.db, "student", "bob");
    const s = await connectRaw(server.url, a.token);
    expect(await call(s, "auth:refresh", { token: b.token })).toMatchObject({
      ok: false,
      error: { code: "forbidden" },
    });
    s.disconnect();
  });
});

describe("refresh tokens", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  test("two tabs refreshing at once both survive; a replay after the grace revokes the family", async () => {
    const api = apiClient(server.url);
    const u = await signUp(server.url, "tabs");
    const [t1, t2] = await Promise.all([
      api.post("/auth/refresh", { refreshToken: u.refreshToken }),
      api.post("/auth/refresh", { refreshToken: u.refreshToken }),
    ]);
    expect([t1.status, t2.status]).toEqual([200, 200]);
    // Age the rotation past the 10 s grace instead of waiting for it.
    await server.ctx.sql`update refresh_tokens set rotated_at = now() - interval '1 minute'
      where rotated_at is not null`;
    const replay = await api.post("/auth/refresh", { refreshToken: u.refreshToken });
    expect(replay.status).toBe(401);
    // The whole family is gone: both tabs' successors too.
    for (const t of [t1, t2]) {
      expect((await api.post("/auth/refresh", { refreshToken: t.body.refreshToken })).status).toBe(401);
    }
  });

  test("logout ends the family; other sign-ins of the same user live on", async () => {
    const api = apiClient(server.url);
    const u = await signUp(server.url, "logout");
    const other = await api.post("/auth/login", { email: u.email, password: "student-pass-1" });
    expect(other.status).toBe(200);
    expect((await api.post("/auth/logout", { refreshToken: u.refreshToken })).status).toBe(204);
    expect((await api.post("/auth/refresh", { refreshToken: u.refreshToken })).status).toBe(401);
    expect((await api.post("/auth/refresh", { refreshToken: other.body.refreshToken })).status).toBe(200);
  });
});

const redisUrl = inject("redisUrl");
if (!redisUrl) console.log("[security/sessions] REDIS_URL not set: skipping the two-node disconnect tests");

describe.skipIf(!redisUrl)("ending a user's sessions reaches every node", () => {
  let database: TestDatabase;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    database = await createTestDatabase();
    const redisPrefix = `sec-${database.name}`;
    a = await startTestServer({ database, withRedis: true, redisPrefix });
    b = await startTestServer({ database, withRedis: true, redisPrefix });
  });
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await database?.drop();
  });

  async function adminToken() {
    const res = await apiClient(a.url).post("/auth/login", ADMIN);
    expect(res.status).toBe(200);
    return res.body.accessToken as string;
  }

  test("disabling an account disconnects its sockets on both nodes and keeps them out", async () => {
    const u = await signUp(a.url, "disabled");
    const onA = await connectRaw(a.url, u.accessToken);
    const onB = await connectRaw(b.url, u.accessToken);
    const bystander = await signUp(a.url, "bystander");
    const other = await connectRaw(b.url, bystander.accessToken);
    const gone = [disconnected(onA), disconnected(onB)];
    const started = Date.now();
    const res = await apiClient(a.url).post(`/admin/users/${u.user.id}/disable`, {}, await adminToken());
    expect(res.status).toBe(200);
    expect(await Promise.all(gone)).toEqual(["io server disconnect", "io server disconnect"]);
    console.log(
      `[security] disabled account: sockets on 2 nodes cut ${Date.now() - started} ms after the call`,
    );
    // Neither node lets the old token back in, even while its status cache is warm.
    await expect(connectRaw(a.url, u.accessToken)).rejects.toThrow("unauthorized");
    await expect(connectRaw(b.url, u.accessToken)).rejects.toThrow("unauthorized");
    expect(other.connected).toBe(true);
    expect(await call(other, "time:sync", { clientNow: 1 })).toMatchObject({ ok: true });
    other.disconnect();
  });

  test("a password change disconnects every socket and ends every refresh token", async () => {
    const u = await signUp(a.url, "pwchange");
    const api = apiClient(b.url);
    const second = await api.post("/auth/login", { email: u.email, password: "student-pass-1" });
    const onA = await connectRaw(a.url, u.accessToken);
    const onB = await connectRaw(b.url, second.body.accessToken);
    const gone = [disconnected(onA), disconnected(onB)];
    const res = await api.post(
      "/me/password",
      { currentPassword: "student-pass-1", newPassword: "student-pass-2" },
      second.body.accessToken,
    );
    expect(res.status).toBe(204);
    expect(await Promise.all(gone)).toEqual(["io server disconnect", "io server disconnect"]);
    for (const t of [u.refreshToken, second.body.refreshToken as string])
      expect((await api.post("/auth/refresh", { refreshToken: t })).status).toBe(401);
    // The other node dropped its cached token version when told (no wait for its cache to age).
    await expect
      .poll(async () => (await apiClient(a.url).get("/me", u.accessToken)).status, { timeout: 5000 })
      .toBe(401);
    const again = await api.post("/auth/login", { email: u.email, password: "student-pass-2" });
    expect(again.status).toBe(200);
    const s = await connectRaw(a.url, again.body.accessToken);
    expect(s.connected).toBe(true);
    s.disconnect();
  });
});
