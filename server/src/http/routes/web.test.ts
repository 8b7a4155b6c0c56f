import { Hono } from "hono";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createWebRoutes } from "./web.ts";

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function appFor(dist: string) {
  const app = new Hono();
  app.get("/api/v1/ping", (c) => c.json({ pong: true }));
  app.route("/", createWebRoutes(dist));
  app.notFound((c) => c.json({ error: { code: "not_found" } }, 404));
  return app;
}

describe("web routes", () => {
  it("says how to build the client when web/dist is missing", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "imtihon-web-"));
    dirs.push(dir);
    const res = await appFor(path.join(dir, "dist")).request("/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("npm run build -w web");
  });

  it("serves files, falls back to index.html for app paths, and leaves server paths alone", async () => {
    const dist = mkdtempSync(path.join(tmpdir(), "imtihon-web-"));
    dirs.push(dist);
    mkdirSync(path.join(dist, "assets"));
    writeFileSync(path.join(dist, "index.html"), "<html>app</html>");
    writeFileSync(path.join(dist, "assets", "main-abc.js"), "console.log(1)");
    const app = appFor(dist);

    const root = await app.request("/");
    expect(await root.text()).toBe("<html>app</html>");
    expect(root.headers.get("cache-control")).toBe("no-cache");

    const deep = await app.request("/exam/0b6f7f0e-1111-4111-8111-111111111111");
    expect(deep.status).toBe(200);
    expect(await deep.text()).toBe("<html>app</html>");

    const asset = await app.request("/assets/main-abc.js");
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toContain("javascript");
    expect(asset.headers.get("cache-control")).toContain("immutable");

    expect((await app.request("/assets/gone-123.js")).status).toBe(404);
    expect((await app.request("/api/v1/ping")).status).toBe(200);
    const unknownApi = await app.request("/api/v1/nothing-here");
    expect(unknownApi.status).toBe(404);
    expect(await unknownApi.json()).toEqual({ error: { code: "not_found" } });
    expect((await app.request("/socket.io/")).status).toBe(404);
    const traversal = await app.request("/assets/..%2F..%2F..%2Fetc%2Fpasswd");
    expect(await traversal.text()).not.toContain("root:");
  });
});
