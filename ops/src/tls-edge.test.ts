import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import http2 from "node:http2";
import https from "node:https";
import os from "node:os";
import path from "node:path";
import tls from "node:tls";
import { randomBytes } from "node:crypto";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { freePort } from "../../load-tests/src/cluster/cluster.ts";
import {
  NGINX_BIN,
  NGINX_CONF,
  renderNativeConfig,
  startNativeNginx,
  type NativeNginx,
} from "../../load-tests/src/cluster/nginx.ts";
import { createTestDatabase, type NodeProcess, spawnNode, type TestDatabase } from "@imtihon/testing";
import { ensureWebBuilt, launchBrowser } from "../../web/e2e/harness.ts";
import { makeTestCertificates, type TestCertificates } from "./test-ca.ts";

// deploy/nginx.conf as production runs it (TLS, HTTP/2, redirect, HSTS, edge CSP), natively with
// Debian's nginx in front of two real server processes, certificates from a CA made here by openssl.

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function request(url: string, o: { ca?: string; method?: string; body?: unknown; token?: string } = {}) {
  return new Promise<Reply>((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (o.body !== undefined) headers["content-type"] = "application/json";
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    const req = https.request(url, { method: o.method ?? "GET", headers, ca: o.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (d: Buffer) => chunks.push(d));
      res.on("end", () =>
        resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on("error", reject);
    req.end(o.body === undefined ? undefined : JSON.stringify(o.body));
  });
}

/** The config without its comments. */
const directives = (conf: string) =>
  conf
    .split("\n")
    .map((l) => l.replace(/#.*$/, ""))
    .join("\n");

describe("deploy/nginx.conf rendered for a native run", () => {
  const o = { port: 18080, upstreams: ["127.0.0.1:4001"], dir: "/tmp/x" };
  const tlsOptions = { port: 18443, cert: "/c/full.pem", key: "/c/key.pem", chain: "/c/chain.pem" };

  it("with TLS: https server on the TLS port, redirect server on the plain one, production TLS lines kept", async () => {
    const conf = renderNativeConfig(await readFile(NGINX_CONF, "utf8"), { ...o, tls: tlsOptions });
    expect(conf).toContain("listen 127.0.0.1:18443 ssl http2 backlog=4096;");
    expect(conf).toContain("listen 127.0.0.1:18080 backlog=4096;");
    expect(conf).toContain("return 301 https://$host$request_uri;");
    expect(conf).toContain("ssl_certificate /c/full.pem;");
    expect(conf).toContain("ssl_certificate_key /c/key.pem;");
    expect(conf).toContain("ssl_trusted_certificate /c/chain.pem;");
    for (const line of [
      "ssl_protocols TLSv1.2 TLSv1.3;",
      "ssl_stapling on;",
      'add_header Strict-Transport-Security "max-age=63072000; includeSubDomains" always;',
      "add_header Content-Security-Policy $edge_csp always;",
      "proxy_hide_header Strict-Transport-Security;",
    ])
      expect(conf).toContain(line);
    expect(directives(conf)).not.toMatch(/resolver|\/etc\/nginx\/certs/);
  });

  it("without TLS (load tests): one plain server on the port, no redirect, no certificate", async () => {
    const conf = renderNativeConfig(await readFile(NGINX_CONF, "utf8"), o);
    expect(conf.match(/^\s*listen /gm)).toHaveLength(1);
    expect(conf).toContain("listen 127.0.0.1:18080 backlog=4096;");
    expect(directives(conf)).not.toMatch(/return 301|ssl_certificate|ssl_protocols|ssl_stapling|max-age/);
  });
});

const redisUrl = inject("redisUrl");
describe.skipIf(!redisUrl || !existsSync(NGINX_BIN))(
  "TLS at the edge: deploy/nginx.conf in front of two nodes (needs REDIS_URL and /usr/sbin/nginx)",
  () => {
    let dir: string;
    let certs: TestCertificates;
    let database: TestDatabase;
    const nodes: NodeProcess[] = [];
    let nginx: NativeNginx;
    let httpPort: number;
    let origin: string;

    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), "imtihon-tls-"));
      certs = await makeTestCertificates(dir);
      database = await createTestDatabase();
      const prefix = `tls-${randomBytes(4).toString("hex")}`;
      for (let i = 0; i < 2; i++)
        nodes.push(await spawnNode({ databaseUrl: database.url, redisUrl: redisUrl!, redisPrefix: prefix }));
      httpPort = await freePort();
      const tlsPort = await freePort();
      nginx = await startNativeNginx({
        port: httpPort,
        upstreams: nodes.map((n) => `127.0.0.1:${n.port}`),
        dir: path.join(dir, "nginx"),
        tls: { port: tlsPort, cert: certs.fullchain, key: certs.key, chain: certs.caFile },
      });
      origin = nginx.url;
    }, 120_000);

    afterAll(async () => {
      await nginx?.stop();
      for (const n of nodes) await n.kill("SIGTERM");
      await database?.drop();
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("redirects plain HTTP to https with the path and query kept, and serves no app there", async () => {
      for (const [method, p] of [
        ["GET", "/api/v1/directions?lang=uz"],
        ["POST", "/api/v1/auth/login"],
        ["GET", "/socket.io/?EIO=4&transport=websocket"],
        ["GET", "/"],
      ] as const) {
        const res = await fetch(`http://127.0.0.1:${httpPort}${p}`, { method, redirect: "manual" });
        expect(res.status, `${method} ${p}`).toBe(301);
        expect(res.headers.get("location")).toBe(`https://127.0.0.1${p}`);
        expect(res.headers.get("strict-transport-security")).toBeNull();
      }
    });

    it("speaks HTTP/2 over TLS 1.2+ only, with one HSTS header, and a client without the CA refuses it", async () => {
      const session = http2.connect(origin, { ca: certs.caPem });
      try {
        const { headers, body } = await new Promise<{ headers: http2.IncomingHttpHeaders; body: string }>(
          (resolve, reject) => {
            const req = session.request({ ":path": "/readyz" });
            let body = "";
            let headers: http2.IncomingHttpHeaders = {};
            req.on("response", (h) => (headers = h));
            req.on("data", (d: Buffer) => (body += d.toString()));
            req.on("end", () => resolve({ headers, body }));
            req.on("error", reject);
          },
        );
        expect(session.alpnProtocol).toBe("h2");
        expect(headers[":status"]).toBe(200);
        expect(JSON.parse(body)).toMatchObject({ ready: true });
        expect(headers["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
      } finally {
        session.close();
      }
      const port = Number(new URL(origin).port);
      const refused = await new Promise<string>((resolve) => {
        const s = tls.connect({ host: "127.0.0.1", port, ca: certs.caPem, maxVersion: "TLSv1.1" });
        s.once("secureConnect", () => {
          s.destroy();
          resolve("connected");
        });
        s.once("error", (err) => resolve(String((err as NodeJS.ErrnoException).code ?? err)));
      });
      expect(refused).not.toBe("connected");
      const tls13 = await new Promise<string>((resolve, reject) => {
        const s = tls.connect({ host: "127.0.0.1", port, ca: certs.caPem, servername: "localhost" }, () => {
          resolve(s.getProtocol() ?? "");
          s.destroy();
        });
        s.once("error", reject);
      });
      expect(tls13).toBe("TLSv1.3");
      await expect(request(`${origin}/healthz`)).rejects.toThrow(/self[- ]signed|unable to verify|issuer/i);
    });

    it("serves the API over https with one request id from nginx to the node's response", async () => {
      const login = await request(`${origin}/api/v1/auth/login`, {
        ca: certs.caPem,
        method: "POST",
        body: { email: "admin@test.local", password: "admin-password-123" },
      });
      expect(login.status).toBe(200);
      const { accessToken } = JSON.parse(login.body) as { accessToken: string };
      const me = await request(`${origin}/api/v1/me`, { ca: certs.caPem, token: accessToken });
      expect(me.status).toBe(200);
      expect(JSON.stringify(JSON.parse(me.body))).toContain('"email":"admin@test.local"');
      const reqId = me.headers["x-request-id"];
      expect(reqId).toMatch(/^[0-9a-f]{32}$/);
      // nginx writes its JSON access line when the request ends: the same id is there.
      await expect
        .poll(async () => readFile(path.join(dir, "nginx", "access.log"), "utf8"), { timeout: 10_000 })
        .toContain(`"reqId":"${reqId as string}"`);
    });

    it("carries Socket.IO over wss:// to both nodes", async () => {
      const login = await request(`${origin}/api/v1/auth/login`, {
        ca: certs.caPem,
        method: "POST",
        body: { email: "admin@test.local", password: "admin-password-123" },
      });
      const { accessToken } = JSON.parse(login.body) as { accessToken: string };
      const before = (await readFile(path.join(dir, "nginx", "access.log"), "utf8")).length;
      for (let i = 0; i < 4; i++) {
        const socket = io(origin, {
          transports: ["websocket"],
          auth: { token: accessToken },
          ca: certs.caPem,
          reconnection: false,
          forceNew: true,
        });
        try {
          await new Promise<void>((resolve, reject) => {
            socket.once("connect", () => resolve());
            socket.once("connect_error", reject);
          });
          const ack = (await socket.timeout(10_000).emitWithAck("time:sync", { clientNow: Date.now() })) as {
            ok: boolean;
            serverNow?: number;
          };
          expect(ack.ok).toBe(true);
          expect(ack.serverNow).toBeTypeOf("number");
        } finally {
          socket.disconnect();
        }
      }
      // Each closed WebSocket is one access line naming the node it went to: round robin used both.
      await expect
        .poll(async () => {
          const log = (await readFile(path.join(dir, "nginx", "access.log"), "utf8")).slice(before);
          const lines = log
            .split("\n")
            .filter((l) => l.includes("/socket.io/"))
            .map((l) => JSON.parse(l) as { status: number; upstream: string });
          return {
            sockets: lines.filter((l) => l.status === 101).length,
            upstreams: new Set(lines.map((l) => l.upstream)).size,
          };
        })
        .toEqual({ sockets: 4, upstreams: 2 });
    });

    it("runs the web client in Chromium over https under one CSP, with no violation", async () => {
      await ensureWebBuilt();
      const browser = await launchBrowser();
      try {
        // TLS trust is checked above with the CA; here the question is the page under its CSP.
        const context = await browser.newContext({ ignoreHTTPSErrors: true });
        const page = await context.newPage();
        const violations: string[] = [];
        const errors: string[] = [];
        page.on("console", (m) => {
          if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
        });
        page.on("pageerror", (e) => errors.push(String(e)));
        await page.addInitScript(() => {
          document.addEventListener("securitypolicyviolation", (e) => {
            const w = window as unknown as { __csp?: string[] };
            (w.__csp ??= []).push(`${e.violatedDirective} ${e.blockedURI}`);
          });
        });
        const res = await page.goto(`${origin}/`, { waitUntil: "networkidle" });
        expect(res?.status()).toBe(200);
        const headers = await res!.headersArray();
        const csp = headers.filter((h) => h.name.toLowerCase() === "content-security-policy");
        expect(csp).toHaveLength(1);
        expect(csp[0]!.value).toMatch(/default-src 'self'/);
        await expect.poll(() => page.locator("#root > *").count()).toBeGreaterThan(0);
        // What the app does at run time, from inside the page: the API and a wss:// Engine.IO handshake.
        const probe = await page.evaluate(async () => {
          // Unauthenticated on purpose: a 401 envelope from the API proves connect-src let it through.
          const api = (await fetch("/api/v1/directions")).status;
          const ws = await new Promise<string>((resolve) => {
            const s = new WebSocket(`wss://${location.host}/socket.io/?EIO=4&transport=websocket`);
            s.onmessage = (m) => {
              resolve(String(m.data).slice(0, 1));
              s.close();
            };
            s.onerror = () => resolve("error");
          });
          return { api, ws, csp: (window as unknown as { __csp?: string[] }).__csp ?? [] };
        });
        expect(probe).toEqual({ api: 401, ws: "0", csp: [] });
        expect(violations).toEqual([]);
        expect(errors).toEqual([]);
        await context.close();
      } finally {
        await browser.close();
      }
    });
  },
);
