import { createServer, type Server } from "node:http";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { build } from "vite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser } from "../../web/e2e/harness.ts";

// The web client built with a DSN reports a page error to it, scrubbed. The endpoint is a tiny HTTP
// server on 127.0.0.1 receiving the browser SDK's envelopes; the build goes to a temporary folder
// (web/dist, built without a DSN, is left alone).

const WEB = path.resolve(import.meta.dirname, "../../web");
const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJzdHVkZW50In0.c2lnbmF0dXJlLXNlY3JldA";

describe("web-client error reporting", () => {
  let outDir: string;
  let sentry: Server;
  let site: Server;
  const envelopes: string[] = [];

  beforeAll(async () => {
    sentry = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (d: Buffer) => chunks.push(d));
      req.on("end", () => {
        if (req.method === "POST") envelopes.push(Buffer.concat(chunks).toString());
        res.writeHead(200, {
          "access-control-allow-origin": "*",
          "access-control-allow-headers": "*",
          "content-type": "application/json",
        });
        res.end("{}");
      });
    });
    await new Promise<void>((r) => sentry.listen(0, "127.0.0.1", r));
    outDir = await mkdtemp(path.join(os.tmpdir(), "imtihon-web-sentry-"));
    const env = { ...process.env };
    process.env.VITE_SENTRY_DSN = `http://publickey@127.0.0.1:${(sentry.address() as AddressInfo).port}/7`;
    process.env.VITE_SENTRY_RELEASE = "imtihon-web@test";
    process.env.NODE_ENV = "production";
    try {
      await build({
        configFile: path.join(WEB, "vite.config.ts"),
        logLevel: "warn",
        mode: "production",
        build: { outDir, emptyOutDir: true },
      });
    } finally {
      process.env = env;
    }
    // The built client, index.html for every path (as the server serves it).
    site = createServer(async (req, res) => {
      const file = path.join(outDir, req.url?.startsWith("/assets/") ? req.url : "index.html");
      try {
        const body = await readFile(file);
        const type = file.endsWith(".js")
          ? "text/javascript"
          : file.endsWith(".css")
            ? "text/css"
            : "text/html";
        res.writeHead(200, { "content-type": type }).end(body);
      } catch {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
  }, 180_000);
  afterAll(async () => {
    await new Promise((r) => site?.close(r));
    await new Promise((r) => sentry?.close(r));
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it("sends an uncaught page error with its release, and no token or typed text", async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`);
      await expect.poll(() => page.locator("#root > *").count()).toBeGreaterThan(0);
      // Wait for the SDK chunk, then fail the way a bug would, quoting a token in the message.
      await expect
        .poll(() =>
          page.evaluate(() =>
            performance.getEntriesByType("resource").some((e) => /browser|sentry/i.test(e.name)),
          ),
        )
        .toBe(true);
      await page.evaluate((jwt) => {
        console.log("typed answer: my secret essay");
        setTimeout(() => {
          throw new Error(`render failed for Bearer ${jwt}`);
        });
      }, JWT);
      await expect
        .poll(() => envelopes.filter((e) => e.includes('"type":"event"')).length)
        .toBeGreaterThan(0);
      const envelope = envelopes.find((e) => e.includes('"type":"event"'))!;
      const event = JSON.parse(envelope.split("\n")[2]!) as {
        release: string;
        exception: { values: { value: string }[] };
      };
      expect(event.release).toBe("imtihon-web@test");
      expect(event.exception.values[0]!.value).toBe("render failed for Bearer [Filtered]");
      expect(envelopes.join("\n")).not.toContain(JWT.split(".")[2]!);
      expect(envelopes.join("\n")).not.toContain("my secret essay");
    } finally {
      await browser.close();
    }
  });
});
