import { SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import {
  call,
  connectRaw,
  createExam,
  createUser,
  startTestServer,
  TEST_JWT_SECRET,
  type TestServer,
} from "@imtihon/testing";

// Issue 17, defect 12 (info items): CSP, /metrics and /docs in production, the socket Origin against
// configured origins (not Host), JSON only as application/json, integrity reports on closed
// attempts, a validly signed token with a malformed `sub`.

let dev: TestServer;
let prod: TestServer;
const ORIGIN = "https://exam.example.uz";
const METRICS_TOKEN = "metrics-token-0123456789";

beforeAll(async () => {
  dev = await startTestServer();
  prod = await startTestServer({
    production: true,
    socketOrigins: [ORIGIN],
    metricsToken: METRICS_TOKEN,
    docsEnabled: false,
  });
});
afterAll(async () => {
  await prod?.stop();
  await dev?.stop();
});

describe("Content-Security-Policy", () => {
  test("the web client's HTML carries a strict policy; JSON responses need none", async () => {
    const page = await fetch(`${dev.url}/`);
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
  });

  test("/docs allows exactly its own inline script, by hash", async () => {
    const res = await fetch(`${dev.url}/docs`);
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).toContain("default-src 'none'");
    const html = await res.text();
    const { createHash } = await import("node:crypto");
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    expect(csp).toContain(`'sha256-${createHash("sha256").update(script).digest("base64")}'`);
  });
});

describe("production surfaces", () => {
  test("/metrics needs the METRICS_TOKEN bearer token", async () => {
    expect((await fetch(`${prod.url}/metrics`)).status).toBe(401);
    expect(
      (await fetch(`${prod.url}/metrics`, { headers: { authorization: "Bearer wrong-token-0000000" } }))
        .status,
    ).toBe(401);
    const ok = await fetch(`${prod.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("imtihon_sockets_connected");
    // Development without a token: open, as before.
    expect((await fetch(`${dev.url}/metrics`)).status).toBe(200);
  });

  test("/docs and /openapi.json are off in production unless DOCS_ENABLED", async () => {
    expect((await fetch(`${prod.url}/docs`)).status).toBe(404);
    expect((await fetch(`${prod.url}/openapi.json`)).status).toBe(404);
    expect((await fetch(`${dev.url}/openapi.json`)).status).toBe(200);
    // The API itself is unaffected.
    expect((await fetch(`${prod.url}/healthz`)).status).toBe(200);
  });

  test("a browser socket must come from a configured origin: Origin equal to Host is not enough", async () => {
    const user = await createUser(prod.ctx.db);
    const ok = await connectRaw(prod.url, user.token, { headers: { origin: ORIGIN } });
    ok.disconnect();
    const host = new URL(prod.url).host;
    // DNS rebinding: the attacker's page at http://<our address> sends Origin == Host.
    const rebound = await connectRaw(prod.url, user.token, { headers: { origin: `http://${host}` } }).catch(
      (e: Error) => e,
    );
    expect(rebound).toBeInstanceOf(Error);
    const evil = await connectRaw(prod.url, user.token, {
      headers: { origin: "https://evil.example" },
    }).catch((e: Error) => e);
    expect(evil).toBeInstanceOf(Error);
  });
});

describe("request shapes", () => {
  test("a JSON route refuses a body not declared application/json, before reading it", async () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", ""]) {
      const res = await fetch(`${dev.url}/api/v1/auth/login`, {
        method: "POST",
        headers: type ? { "content-type": type } : {},
        body: JSON.stringify({ email: "admin@test.local", password: "admin-password-123" }),
      });
      expect(res.status, type).toBe(400);
      const body = (await res.json()) as any;
      expect(body.error.code).toBe("invalid_payload");
      expect(body.error.message).toMatch(/application\/json/);
    }
    const ok = await fetch(`${dev.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json; charset=utf-8" },
      body: JSON.stringify({ email: "admin@test.local", password: "admin-password-123" }),
    });
    expect(ok.status).toBe(200);
  });

  test("a validly signed token whose sub is not a user id is 401 over HTTP and the handshake", async () => {
    const token = await new SignJWT({ role: "admin", tv: 0 })
      .setProtectedHeader({ alg: "HS256", typ: "at+jwt" })
      .setSubject("not-a-uuid' or 1=1 --")
      .setIssuer("imtihon")
      .setAudience("imtihon:access")
      .setIssuedAt()
      .setExpirationTime("5m")
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const res = await fetch(`${dev.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(401);
    expect(((await res.json()) as any).error.code).toBe("unauthorized");
    const refused = await connectRaw(dev.url, token).catch((e: Error) => e);
    expect((refused as Error).message).toBe("unauthorized");
  });

  test("integrity:report on a closed attempt answers attempt_closed and stores nothing", async () => {
    const exam = await createExam(dev.ctx.db);
    const student = await createUser(dev.ctx.db);
    const socket = await connectRaw(dev.url, student.token);
    const start = await call(socket, "attempt:start", { examId: exam.id });
    if (!start.ok) throw new Error("start failed");
    const attemptId = start.attempt.id;
    const open = await call(socket, "integrity:report", {
      attemptId,
      kind: "focus_lost",
      at: new Date().toISOString(),
    });
    expect(open.ok).toBe(true);
    await call(socket, "attempt:submit", { attemptId });
    const closed = await call(socket, "integrity:report", {
      attemptId,
      kind: "focus_lost",
      at: new Date().toISOString(),
    });
    expect(closed).toMatchObject({ ok: false, error: { code: "attempt_closed" } });
    const rows = await dev.ctx.db
      .selectFrom("integrity_events")
      .select("id")
      .where("attempt_id", "=", attemptId)
      .where("source", "=", "client")
      .execute();
    expect(rows).toHaveLength(1);
    socket.disconnect();
  });
});
