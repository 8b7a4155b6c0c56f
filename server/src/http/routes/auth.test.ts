import { authResponse, meResponse } from "@imtihon/client-sdk/protocol";
import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  ADMIN,
  apiClient,
  loginAs,
  newStudent,
  newUser,
  startTestServer,
  TEST_JWT_SECRET,
  type TestServer,
  uniqueEmail,
} from "@imtihon/testing";

let server: TestServer;
let api: ReturnType<typeof apiClient>;

beforeAll(async () => {
  server = await startTestServer();
  api = apiClient(server.url);
});
afterAll(async () => {
  await server?.stop();
});

/** A request as if from another client address (X-Forwarded-For is trusted from loopback). */
async function postFrom(ip: string, path: string, body: unknown) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": ip },
    body: JSON.stringify(body),
  });
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
}

describe("register", () => {
  it("creates a student and answers the auth shape", async () => {
    const email = uniqueEmail("reg");
    const res = await api.post("/auth/register", {
      email,
      password: "long-enough-1",
      fullName: "Ali Valiyev",
    });
    expect(res.status).toBe(201);
    const body = authResponse.parse(res.body);
    expect(body.user).toMatchObject({ email, fullName: "Ali Valiyev", role: "student" });
    expect(body.expiresIn).toBe(900);
    expect(body.refreshToken.length).toBeGreaterThan(30);
  });

  it("never lets a registrant choose a role (unknown field refused)", async () => {
    const res = await api.post("/auth/register", {
      email: uniqueEmail("r"),
      password: "long-enough-1",
      fullName: "X",
      role: "admin",
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_payload");
    expect(res.body.error.details[0].code).toBe("unrecognized_keys");
  });

  it("409 on a duplicate email, compared case-insensitively", async () => {
    const email = uniqueEmail("dup");
    expect(
      (await api.post("/auth/register", { email, password: "long-enough-1", fullName: "A" })).status,
    ).toBe(201);
    const again = await api.post("/auth/register", {
      email: email.toUpperCase(),
      password: "long-enough-2",
      fullName: "B",
    });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe("conflict");
  });

  it.each([
    ["wrong types", { email: 5, password: true, fullName: [] }],
    ["missing fields", { email: "a@b.uz" }],
    ["a bad email", { email: "not-an-email", password: "long-enough-1", fullName: "A" }],
    ["a short password", { email: "a@b.uz", password: "short", fullName: "A" }],
    ["an extra-long name", { email: "a@b.uz", password: "long-enough-1", fullName: "x".repeat(201) }],
    ["an extra-long password", { email: "a@b.uz", password: "x".repeat(129), fullName: "A" }],
    ["an array body", [1, 2]],
  ])("400 invalid_payload with details for %s", async (_name, body) => {
    const res = await api.post("/auth/register", body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_payload");
    expect(Array.isArray(res.body.error.details)).toBe(true);
    expect(res.body.error.details.length).toBeGreaterThan(0);
  });

  it("429 once an address used its registration budget", async () => {
    // Spend the budget directly (300 per hour) instead of hashing 300 passwords.
    await server.ctx.limiters.register.penalty("10.9.9.9", 300);
    const res = await postFrom("10.9.9.9", "/auth/register", {
      email: uniqueEmail("rl"),
      password: "long-enough-1",
      fullName: "A",
    });
    expect(res.status).toBe(429);
    expect(res.body.error.code).toBe("rate_limited");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const other = await postFrom("10.9.9.8", "/auth/register", {
      email: uniqueEmail("rl"),
      password: "long-enough-1",
      fullName: "A",
    });
    expect(other.status).toBe(201);
  });

  it("400 for a body that is not JSON", async () => {
    const res = await api.post("/auth/register", "{ not json");
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_payload");
  });
});

describe("login", () => {
  it("signs in with the right password, whatever the email's case", async () => {
    const s = await newStudent(api, "login");
    const res = await api.post("/auth/login", { email: s.email.toUpperCase(), password: s.password });
    expect(res.status).toBe(200);
    expect(authResponse.parse(res.body).user.email).toBe(s.email);
  });

  it("answers unknown email and wrong password identically", async () => {
    const s = await newStudent(api, "same");
    const wrong = await postFrom("10.0.0.1", "/auth/login", { email: s.email, password: "wrong-password" });
    const unknown = await postFrom("10.0.0.1", "/auth/login", {
      email: uniqueEmail("nobody"),
      password: "x",
    });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body).toEqual(unknown.body);
    expect(wrong.body.error.code).toBe("invalid_credentials");
  });

  it("429 with Retry-After after 5 wrong passwords from one address; the owner still signs in elsewhere", async () => {
    const s = await newStudent(api, "brute");
    for (let i = 0; i < 5; i++) {
      expect(
        (await postFrom("10.1.1.1", "/auth/login", { email: s.email, password: `guess-${i}` })).status,
      ).toBe(401);
    }
    const blocked = await postFrom("10.1.1.1", "/auth/login", { email: s.email, password: s.password });
    expect(blocked.status).toBe(429);
    expect(blocked.body.error.code).toBe("rate_limited");
    expect(Number(blocked.headers.get("retry-after"))).toBeGreaterThan(0);
    const owner = await postFrom("10.2.2.2", "/auth/login", { email: s.email, password: s.password });
    expect(owner.status).toBe(200);
  });

  it("a success resets the (email, IP) counter", async () => {
    const s = await newStudent(api, "reset");
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) {
        expect(
          (await postFrom("10.3.3.3", "/auth/login", { email: s.email, password: "nope-nope" })).status,
        ).toBe(401);
      }
      expect(
        (await postFrom("10.3.3.3", "/auth/login", { email: s.email, password: s.password })).status,
      ).toBe(200);
    }
  });

  it("blocks one address trying many accounts (per-IP spraying budget)", async () => {
    // loginIp allows 100 distinct accounts per 15 minutes per address: spend 95 directly, try 6 more.
    await server.ctx.limiters.loginIp.penalty("10.4.4.4", 95);
    let last = 0;
    for (let i = 0; i < 6; i++) {
      last = (await postFrom("10.4.4.4", "/auth/login", { email: `spray${i}@example.uz`, password: "x" }))
        .status;
    }
    expect(last).toBe(429);
    const elsewhere = await postFrom("10.4.4.5", "/auth/login", ADMIN);
    expect(elsewhere.status).toBe(200);
  });

  it("400 for a malformed login body", async () => {
    const res = await api.post("/auth/login", { email: "a@b.uz" });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toEqual(["password"]);
  });
});

describe("refresh and logout", () => {
  it("rotates: the new pair works, the old refresh token is refused after the grace", async () => {
    const s = await newStudent(api, "rot");
    const r1 = await api.post("/auth/refresh", { refreshToken: s.refreshToken });
    expect(r1.status).toBe(200);
    const pair = authResponse.parse(r1.body);
    expect(pair.refreshToken).not.toBe(s.refreshToken);
    expect((await api.get("/me", pair.accessToken)).status).toBe(200);
    // Past the 10 s grace: age the rotation in the database rather than sleeping.
    await server.ctx
      .sql`update refresh_tokens set rotated_at = now() - interval '1 minute' where rotated_at is not null and user_id = ${s.id}`;
    const reuse = await api.post("/auth/refresh", { refreshToken: s.refreshToken });
    expect(reuse.status).toBe(401);
    expect(reuse.body.error.code).toBe("unauthorized");
    // The whole family is revoked: even the newest token no longer works.
    const newest = await api.post("/auth/refresh", { refreshToken: pair.refreshToken });
    expect(newest.status).toBe(401);
  });

  it("two tabs refreshing with the same token within the grace both get the same successor", async () => {
    const s = await newStudent(api, "tabs");
    const [a, b] = await Promise.all([
      api.post("/auth/refresh", { refreshToken: s.refreshToken }),
      api.post("/auth/refresh", { refreshToken: s.refreshToken }),
    ]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.body.refreshToken).toBe(b.body.refreshToken);
    expect((await api.post("/auth/refresh", { refreshToken: a.body.refreshToken })).status).toBe(200);
  });

  it("20 parallel refreshes of one token: one successor, one chain; an old branch past the grace revokes it", async () => {
    const s = await newStudent(api, "fork");
    const all = await Promise.all(
      Array.from({ length: 20 }, () => api.post("/auth/refresh", { refreshToken: s.refreshToken })),
    );
    expect(all.map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(new Set(all.map((r) => r.body.refreshToken)).size).toBe(1);
    const rows = await server.ctx.sql<{ family_id: string }[]>`
      select family_id from refresh_tokens where user_id = ${s.id}`;
    expect(rows.length).toBe(2); // the registration's token and its one successor
    expect(new Set(rows.map((r) => r.family_id)).size).toBe(1);
    // Past the grace the original is theft: the successor every caller got dies with the family.
    await server.ctx
      .sql`update refresh_tokens set rotated_at = now() - interval '1 minute' where rotated_at is not null and user_id = ${s.id}`;
    expect((await api.post("/auth/refresh", { refreshToken: s.refreshToken })).status).toBe(401);
    expect((await api.post("/auth/refresh", { refreshToken: all[0]!.body.refreshToken })).status).toBe(401);
  });

  it("refuses unknown and malformed refresh tokens", async () => {
    expect((await api.post("/auth/refresh", { refreshToken: "made-up" })).status).toBe(401);
    expect((await api.post("/auth/refresh", { refreshToken: "" })).status).toBe(400);
    expect((await api.post("/auth/refresh", { refreshToken: "x".repeat(513) })).status).toBe(400);
  });

  it("logout answers 204 and revokes the family", async () => {
    const s = await newStudent(api, "logout");
    const r1 = await api.post("/auth/refresh", { refreshToken: s.refreshToken });
    const out = await api.post("/auth/logout", { refreshToken: r1.body.refreshToken });
    expect(out.status).toBe(204);
    expect(out.text).toBe("");
    expect((await api.post("/auth/refresh", { refreshToken: r1.body.refreshToken })).status).toBe(401);
    // Unknown token: still 204, nothing to do.
    expect((await api.post("/auth/logout", { refreshToken: "unknown" })).status).toBe(204);
    expect((await api.post("/auth/logout", {})).status).toBe(400);
  });
});

describe("access tokens", () => {
  const key = new TextEncoder().encode(TEST_JWT_SECRET);
  const base64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

  it("GET /me answers the user", async () => {
    const s = await newStudent(api, "me");
    const res = await api.get("/me", s.token);
    expect(res.status).toBe(200);
    expect(meResponse.parse(res.body).user).toEqual({
      id: s.id,
      email: s.email,
      fullName: "Talaba me",
      role: "student",
    });
  });

  it("401 without a token, with a tampered one, an expired one, alg none and a wrong secret", async () => {
    const s = await newStudent(api, "tok");
    const [h, p, sig] = s.token.split(".") as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, "base64url").toString());
    const tampered = `${h}.${base64url({ ...claims, role: "admin" })}.${sig}`;
    const algNone = `${base64url({ alg: "none", typ: "at+jwt" })}.${base64url({ ...claims, role: "admin" })}.`;
    const sign = (secret: Uint8Array, exp: number) =>
      new SignJWT({ role: "admin", tv: 0 })
        .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
        .setSubject(s.id)
        .setIssuer("imtihon")
        .setAudience("imtihon:access")
        .setIssuedAt(exp - 900)
        .setExpirationTime(exp)
        .sign(secret);
    const now = Math.floor(Date.now() / 1000);
    const expired = await sign(key, now - 60);
    const wrongSecret = await sign(
      new TextEncoder().encode("another-secret-another-secret-0123456789"),
      now + 600,
    );
    const noToken = await api.get("/me");
    expect(noToken.status).toBe(401);
    expect(noToken.body.error.code).toBe("unauthorized");
    for (const token of [tampered, algNone, expired, wrongSecret, "garbage"]) {
      const res = await api.get("/me", token);
      expect(res.status, token).toBe(401);
      expect(res.body.error.code).toBe("unauthorized");
    }
    const res = await api.get("/me", expired);
    expect(res.body.error.message).toMatch(/expired/);
  });
});

describe("password change and disabling", () => {
  it("changing the password ends every session", async () => {
    const s = await newStudent(api, "pw");
    const other = await loginAs(api, s.email, s.password);
    const wrong = await api.post(
      "/me/password",
      { currentPassword: "not-it-at-all", newPassword: "brand-new-pass" },
      s.token,
    );
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe("invalid_credentials");
    const short = await api.post(
      "/me/password",
      { currentPassword: s.password, newPassword: "short" },
      s.token,
    );
    expect(short.status).toBe(400);
    const ok = await api.post(
      "/me/password",
      { currentPassword: s.password, newPassword: "brand-new-pass" },
      s.token,
    );
    expect(ok.status).toBe(204);
    expect((await api.get("/me", s.token)).status).toBe(401);
    expect((await api.get("/me", other)).status).toBe(401);
    expect((await api.post("/auth/refresh", { refreshToken: s.refreshToken })).status).toBe(401);
    expect((await api.post("/auth/login", { email: s.email, password: s.password })).status).toBe(401);
    expect((await api.post("/auth/login", { email: s.email, password: "brand-new-pass" })).status).toBe(200);
    expect((await api.post("/me/password", { currentPassword: "x", newPassword: "yyyyyyyyyy" })).status).toBe(
      401,
    );
  });

  it("a disabled user is refused everywhere; only admins may disable", async () => {
    const admin = await loginAs(api, ADMIN.email, ADMIN.password);
    const s = await newStudent(api, "dis");
    const victim = await newStudent(api, "victim");
    const byStudent = await api.post(`/admin/users/${victim.id}/disable`, undefined, s.token);
    expect(byStudent.status).toBe(403);
    expect(byStudent.body.error.code).toBe("forbidden");
    const res = await api.post(`/admin/users/${victim.id}/disable`, undefined, admin);
    expect(res.status).toBe(200);
    expect(res.body.user.id).toBe(victim.id);
    expect(typeof res.body.user.disabledAt).toBe("string");
    expect((await api.get("/me", victim.token)).status).toBe(401);
    expect((await api.post("/auth/refresh", { refreshToken: victim.refreshToken })).status).toBe(401);
    const login = await api.post("/auth/login", { email: victim.email, password: victim.password });
    expect(login.status).toBe(401);
    expect(login.body.error.code).toBe("invalid_credentials");
    expect(
      (await api.post(`/admin/users/00000000-0000-4000-8000-000000000000/disable`, undefined, admin)).status,
    ).toBe(404);
    expect((await api.post(`/admin/users/not-a-uuid/disable`, undefined, admin)).status).toBe(404);
    const me = await api.get("/me", admin);
    expect((await api.post(`/admin/users/${me.body.user.id}/disable`, undefined, admin)).status).toBe(409);
  });

  it("admins create users of any role; duplicates are 409", async () => {
    const admin = await loginAs(api, ADMIN.email, ADMIN.password);
    const proctor = await newUser(api, admin, "proctor");
    expect((await api.get("/me", proctor.token)).body.user.role).toBe("proctor");
    const dup = await api.post(
      "/admin/users",
      { email: proctor.email, password: "whatever-123", fullName: "P", role: "student" },
      admin,
    );
    expect(dup.status).toBe(409);
    const bad = await api.post(
      "/admin/users",
      { email: uniqueEmail("x"), password: "whatever-123", fullName: "P", role: "root" },
      admin,
    );
    expect(bad.status).toBe(400);
  });
});

describe("brute-force limits across a cluster", () => {
  const redisUrl = inject("redisUrl");
  it.skipIf(!redisUrl)(
    "failures on one node count on another sharing Redis (skipped without REDIS_URL)",
    async () => {
      const a = await startTestServer({ withRedis: true });
      const b = await startTestServer({
        withRedis: true,
        database: a.database,
        redisPrefix: a.ctx.config.redisPrefix,
      });
      try {
        const s = await newStudent(apiClient(a.url), "cluster");
        const attempt = (url: string, password: string) =>
          fetch(`${url}/api/v1/auth/login`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-forwarded-for": "10.7.7.7" },
            body: JSON.stringify({ email: s.email, password }),
          });
        for (let i = 0; i < 5; i++)
          expect((await attempt(i % 2 ? a.url : b.url, "wrong-password")).status).toBe(401);
        expect((await attempt(b.url, s.password)).status).toBe(429);
        expect((await attempt(a.url, s.password)).status).toBe(429);
      } finally {
        await b.stop();
        await a.stop();
      }
    },
  );
});
