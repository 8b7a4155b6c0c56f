import { randomUUID } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../config.ts";
import { startServer, type RunningServer } from "../server.ts";
import {
  call,
  connectRaw,
  createTestDatabase,
  type RawSocket,
  TEST_JWT_SECRET,
  type TestDatabase,
} from "@imtihon/testing";
import { createTokenService } from "../auth/tokens.ts";
import { flushErrorReporting, scrub } from "./error-reporting.ts";
import { createLogger } from "./logger.ts";

// Unhandled errors reach a Sentry endpoint with release, node and request/socket id, and nothing a
// user typed or holds. The endpoint is a tiny HTTP server on 127.0.0.1 receiving the SDK's
// envelopes (what a Sentry server receives). The failure is a real database error: the test's own
// database loses the tables the login and the attempt start read.

describe("scrub", () => {
  it("filters secrets and answers by key, and tokens inside any string", () => {
    const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl";
    expect(
      scrub({
        password: "p",
        newPassword: "p",
        accessToken: "t",
        refresh_token: "t",
        headers: { Authorization: "Bearer x", cookie: "c", "user-agent": "ua" },
        payload: { response: { choice: "a" } },
        answers: [{ choice: "b" }],
        message: `failed for Bearer ${jwt} at /x?token=abc&y=1 and ${jwt}`,
        nested: [{ route: "/api/v1/me", status: 503 }],
      }),
    ).toEqual({
      password: "[Filtered]",
      newPassword: "[Filtered]",
      accessToken: "[Filtered]",
      refresh_token: "[Filtered]",
      headers: { Authorization: "[Filtered]", cookie: "[Filtered]", "user-agent": "ua" },
      payload: "[Filtered]",
      answers: "[Filtered]",
      message: "failed for Bearer [Filtered] at /x?token=[Filtered]&y=1 and [Filtered]",
      nested: [{ route: "/api/v1/me", status: 503 }],
    });
  });
});

describe("error-reporting settings", () => {
  it("takes compose's empty values as unset and refuses a DSN that is not a URL", () => {
    const c = loadConfig({ SENTRY_DSN: "", SENTRY_RELEASE: "", SENTRY_ENVIRONMENT: "", NODE_ID: "" });
    expect(c.sentryDsn).toBeUndefined();
    expect(c.sentryRelease).toMatch(/^imtihon-server@\d+\.\d+\.\d+/);
    expect(c.nodeId.length).toBeGreaterThan(0);
    expect(loadConfig({ SENTRY_DSN: "https://k@o1.ingest.example/5", NODE_ID: "n1" })).toMatchObject({
      sentryDsn: "https://k@o1.ingest.example/5",
      nodeId: "n1",
    });
    expect(() => loadConfig({ SENTRY_DSN: "not a url" })).toThrow(/SENTRY_DSN/);
  });
});

describe("error reports and log lines of a failing request and socket event", () => {
  let database: TestDatabase;
  let server: RunningServer;
  let sentry: Server;
  const envelopes: string[] = [];
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    sentry = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (d: Buffer) => chunks.push(d));
      req.on("end", () => {
        const raw = Buffer.concat(chunks);
        envelopes.push((req.headers["content-encoding"] === "gzip" ? gunzipSync(raw) : raw).toString());
        res.writeHead(200, { "content-type": "application/json" }).end("{}");
      });
    });
    await new Promise<void>((r) => sentry.listen(0, "127.0.0.1", r));
    const dsn = `http://publickey@127.0.0.1:${(sentry.address() as AddressInfo).port}/42`;

    database = await createTestDatabase();
    const logs = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split("\n").filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    });
    const config = {
      ...loadConfig({ PORT: "0", HOST: "127.0.0.1", SEED_DEMO: "0" }),
      databaseUrl: database.url,
      adminEmail: "admin@test.local",
      adminPassword: "admin-password-123",
      sentryDsn: dsn,
      sentryRelease: "imtihon-server@test-release",
      nodeId: "test-node-7",
    };
    server = await startServer(config, {
      databaseUrl: database.url,
      jwtSecret: TEST_JWT_SECRET,
      logger: createLogger("info", { node: config.nodeId }, logs),
      skipMigrate: true,
    });
  });
  afterAll(async () => {
    await server?.close({ drainMs: 0 });
    await database?.drop();
    await new Promise((r) => sentry?.close(r));
  });

  it("reports both with release, node and ids, and sends no password, token or answer", async () => {
    const password = "admin-password-123";
    const login = await fetch(`${server.url}/api/v1/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "admin@test.local", password }),
    });
    const { accessToken, user } = (await login.json()) as { accessToken: string; user: { id: string } };
    const socket: RawSocket = await connectRaw(server.url, accessToken);

    await server.ctx.sql`alter table users rename to users_gone`;
    await server.ctx.sql`alter table exams rename to exams_gone`;
    const reqId = `req-${randomUUID()}`;
    const failed = await fetch(`${server.url}/api/v1/auth/login?token=${accessToken}`, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        authorization: `Bearer ${accessToken}`,
        "x-request-id": reqId,
      },
      body: JSON.stringify({ email: "admin@test.local", password }),
    });
    expect(failed.status).toBe(503);
    const ack = await call(socket, "attempt:start", { examId: randomUUID() });
    expect(ack).toMatchObject({ ok: false, error: { code: "unavailable" } });
    socket.disconnect();
    // A handshake whose user cannot be looked up: refused, and its log line names the socket.
    const { token: unknownUser } = await createTokenService(TEST_JWT_SECRET).signAccess({
      id: randomUUID(),
      role: "student",
      tokenVersion: 0,
    });
    await expect(connectRaw(server.url, unknownUser)).rejects.toThrow(/unauthorized/);
    await flushErrorReporting(5000);

    await expect
      .poll(() => envelopes.filter((e) => e.includes('"type":"event"')).length)
      .toBeGreaterThanOrEqual(2);
    const events = envelopes
      .filter((e) => e.includes('"type":"event"'))
      .map((e) => JSON.parse(e.split("\n")[2]!) as Record<string, any>);
    const http = events.find((e) => e.tags?.request_id === reqId);
    const sock = events.find((e) => e.tags?.socket_event === "attempt:start");
    expect(http).toMatchObject({
      release: "imtihon-server@test-release",
      server_name: "test-node-7",
      tags: { node: "test-node-7", request_id: reqId },
      extra: { method: "POST", route: "/api/v1/auth/login" },
    });
    expect(http!.exception.values.length).toBeGreaterThan(0);
    expect(sock).toMatchObject({
      release: "imtihon-server@test-release",
      tags: {
        node: "test-node-7",
        socket_id: socket.id ?? expect.any(String),
        socket_event: "attempt:start",
      },
      user: { id: user.id },
    });
    for (const e of events)
      for (const v of e.exception.values)
        for (const f of v.stacktrace?.frames ?? []) expect(f.vars).toBeUndefined();
    const all = envelopes.join("\n");
    for (const secret of [password, accessToken, accessToken.split(".")[2]!, "admin@test.local"])
      expect(all).not.toContain(secret);

    // The same ids are on the log lines, which were written without passing them.
    const httpLog = logLines.find((l) => l.msg === "unhandled error");
    expect(httpLog).toMatchObject({ reqId, node: "test-node-7" });
    expect(logLines.find((l) => l.msg === "socket auth failed")).toMatchObject({
      socketId: expect.any(String),
    });
    const sockLog = logLines.find((l) => l.msg === "socket handler failed");
    expect(sockLog).toMatchObject({
      socketId: expect.any(String),
      event: "attempt:start",
      node: "test-node-7",
    });
  }, 60_000);
});
