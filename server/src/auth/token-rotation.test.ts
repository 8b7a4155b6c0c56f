import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../config.ts";
import { apiClient, startTestServer, TEST_JWT_SECRET, type TestServer } from "@imtihon/testing";
import { createTokenService } from "./tokens.ts";

// Rotating JWT_SECRET without logging anyone out: the retired secret goes to JWT_SECRET_PREVIOUS,
// where it still verifies the access tokens already handed out, and never signs a new one.

const OLD = "old-secret-old-secret-old-secret-0123456789";
const NEW = "new-secret-new-secret-new-secret-0123456789";
const user = { id: "00000000-0000-4000-8000-000000000001", role: "student" as const, tokenVersion: 0 };

describe("access tokens across a secret rotation", () => {
  it("accepts tokens of the previous secret, signs only with the current one", async () => {
    const before = createTokenService(OLD);
    const after = createTokenService(NEW, 900, [OLD]);
    const { token: old } = await before.signAccess(user);
    await expect(after.verifyAccess(old)).resolves.toMatchObject({ userId: user.id, role: "student" });
    const { token: fresh } = await after.signAccess(user);
    await expect(createTokenService(NEW).verifyAccess(fresh)).resolves.toMatchObject({ userId: user.id });
    await expect(before.verifyAccess(fresh)).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("refuses the old secret's tokens once it is dropped, and a token of neither key", async () => {
    const { token: old } = await createTokenService(OLD).signAccess(user);
    await expect(createTokenService(NEW).verifyAccess(old)).rejects.toMatchObject({
      code: "unauthorized",
      message: "invalid access token",
    });
    const { token: stranger } = await createTokenService("x".repeat(40)).signAccess(user);
    await expect(createTokenService(NEW, 900, [OLD]).verifyAccess(stranger)).rejects.toMatchObject({
      code: "unauthorized",
      message: "invalid access token",
    });
  });

  it("still says 'expired' for an expired token of the previous secret", async () => {
    const expired = await new SignJWT({ role: "student", tv: 0 })
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
      .setSubject(user.id)
      .setIssuer("imtihon")
      .setAudience("imtihon:access")
      .setIssuedAt(Math.floor(Date.now() / 1000) - 1000)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 100)
      .sign(new TextEncoder().encode(OLD));
    await expect(createTokenService(NEW, 900, [OLD]).verifyAccess(expired)).rejects.toMatchObject({
      code: "unauthorized",
      message: "access token expired",
    });
  });

  it("reads JWT_SECRET_PREVIOUS as a comma-separated list of long secrets", () => {
    expect(
      loadConfig({ JWT_SECRET: NEW, JWT_SECRET_PREVIOUS: `${OLD}, ${"y".repeat(32)}` }).jwtSecretPrevious,
    ).toEqual([OLD, "y".repeat(32)]);
    expect(loadConfig({ JWT_SECRET: NEW }).jwtSecretPrevious).toEqual([]);
    expect(() => loadConfig({ JWT_SECRET: NEW, JWT_SECRET_PREVIOUS: "short" })).toThrow(ConfigError);
  });
});

describe("a server with JWT_SECRET_PREVIOUS", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ jwtSecretPrevious: [OLD] });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("serves a user holding a token of the retired secret, and mints new ones with the current", async () => {
    const api = apiClient(server.url);
    const login = await api.post("/auth/login", {
      email: "admin@test.local",
      password: "admin-password-123",
    });
    expect(login.status).toBe(200);
    const me = await api.get<{ user: { id: string } }>("/me", login.body.accessToken);
    const id = me.body.user.id;
    const [row] = await server.ctx.sql<
      { tv: number }[]
    >`select token_version as tv from users where id = ${id}`;
    const { token: old } = await createTokenService(OLD).signAccess({
      id,
      role: "admin",
      tokenVersion: row!.tv,
    });
    expect((await api.get("/me", old)).status).toBe(200);
    // The login above was signed with the current secret (TEST_JWT_SECRET), not the retired one.
    await expect(
      createTokenService(TEST_JWT_SECRET).verifyAccess(login.body.accessToken),
    ).resolves.toBeTruthy();
    const { token: stranger } = await createTokenService("z".repeat(40)).signAccess({
      id,
      role: "admin",
      tokenVersion: row!.tv,
    });
    expect((await api.get("/me", stranger)).status).toBe(401);
  });
});
