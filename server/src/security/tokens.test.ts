import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  apiClient,
  connectRaw,
  createUser,
  startTestServer,
  TEST_JWT_SECRET,
  type TestServer,
  type TestUser,
} from "@imtihon/testing";

// Forged and stale access tokens, each tried over HTTP (GET /me and an admin route) and at the
// Socket.IO handshake. Every one must be refused the same way; a genuine one must pass.

let server: TestServer;
let user: TestUser;
const key = new TextEncoder().encode(TEST_JWT_SECRET);
const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  server = await startTestServer();
  user = await createUser(server.ctx.db, "admin");
});
afterAll(() => server?.stop());

function claims(over: Record<string, unknown> = {}) {
  return {
    sub: user.id,
    role: "admin",
    tv: 0,
    iss: "imtihon",
    aud: "imtihon:access",
    iat: now(),
    exp: now() + 600,
    ...over,
  };
}

async function sign(header: Record<string, unknown>, payload: Record<string, unknown>, secret = key) {
  return new SignJWT(payload).setProtectedHeader({ alg: "HS256", typ: "at+jwt", ...header }).sign(secret);
}

async function forgeries(): Promise<[string, string][]> {
  const good = await sign({}, claims());
  const [h, p] = good.split(".") as [string, string];
  return [
    ["alg none", `${b64({ alg: "none", typ: "at+jwt" })}.${b64(claims())}.`],
    ["alg none, signature kept", `${b64({ alg: "none", typ: "at+jwt" })}.${p}.${good.split(".")[2]}`],
    [
      "wrong key",
      await sign({}, claims(), new TextEncoder().encode("another-secret-another-secret-0123456789")),
    ],
    ["expired", await sign({}, claims({ iat: now() - 3600, exp: now() - 60 }))],
    ["wrong audience", await sign({}, claims({ aud: "imtihon:refresh" }))],
    ["wrong issuer", await sign({}, claims({ iss: "someone-else" }))],
    ["wrong typ", await sign({ typ: "JWT" }, claims())],
    ["jku header", await sign({ jku: "https://evil.example/jwks.json" }, claims())],
    ["jwk header", await sign({ jwk: { kty: "oct", k: "AAAA" } }, claims())],
    ["x5u header", await sign({ x5u: "https://evil.example/cert.pem" }, claims())],
    ["no exp", await sign({}, claims({ exp: undefined }))],
    ["role not a role", await sign({}, claims({ role: "superuser" }))],
    ["old token version", await sign({}, claims({ tv: -1 }))],
    ["unknown user", await sign({}, claims({ sub: "00000000-0000-4000-8000-000000000000" }))],
    [
      "payload swapped under a valid signature",
      `${h}.${b64(claims({ role: "admin", sub: user.id, tv: 5 }))}.${good.split(".")[2]}`,
    ],
    [
      "HS512 with the right key",
      await new SignJWT(claims()).setProtectedHeader({ alg: "HS512", typ: "at+jwt" }).sign(key),
    ],
    ["garbage", "not.a.token"],
    ["empty", ""],
  ];
}

describe("forged and stale access tokens", () => {
  test("a genuine token passes everywhere (control)", async () => {
    const token = await sign({}, claims());
    const api = apiClient(server.url);
    expect((await api.get("/me", token)).status).toBe(200);
    expect((await api.get("/admin/exams", token)).status).toBe(200);
    const s = await connectRaw(server.url, token);
    s.disconnect();
  });

  test("each forgery is 401 unauthorized over HTTP and refused at the handshake", async () => {
    const api = apiClient(server.url);
    for (const [name, token] of await forgeries()) {
      for (const path of ["/me", "/admin/exams"]) {
        const res = await api.get(path, token);
        expect(res.status, `${name} ${path}`).toBe(401);
        expect(res.body.error.code, name).toBe("unauthorized");
      }
      await expect(connectRaw(server.url, token), name).rejects.toThrow("unauthorized");
    }
  });
});
