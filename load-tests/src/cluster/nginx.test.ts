import { skipWithout } from "@imtihon/testing";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { runScenario } from "../run.ts";
import { NGINX_BIN, NGINX_CONF, renderNativeConfig } from "./nginx.ts";

describe("renderNativeConfig", () => {
  it("keeps the proxy settings and rewrites only upstreams, listen and paths", async () => {
    const template = await readFile(NGINX_CONF, "utf8");
    const conf = renderNativeConfig(template, {
      port: 18080,
      upstreams: ["127.0.0.1:4001", "127.0.0.1:4002"],
      dir: "/tmp/x",
    });
    expect(conf).toContain("server 127.0.0.1:4001 max_fails=3 fail_timeout=5s;");
    expect(conf).toContain("server 127.0.0.1:4002 max_fails=3 fail_timeout=5s;");
    expect(conf).not.toContain("node1:3000");
    expect(conf).toContain("listen 127.0.0.1:18080 backlog=4096;");
    expect(conf).toContain("pid /tmp/x/nginx.pid;");
    expect(conf).toContain("proxy_temp_path /tmp/x/proxy_temp;");
    expect(conf).not.toMatch(/^\s*user /m);
    // What is under test natively must be what docker-compose runs.
    for (const line of [
      "proxy_set_header Upgrade $http_upgrade;",
      "proxy_read_timeout 120s;",
      "keepalive 64;",
    ]) {
      expect(conf).toContain(line);
    }
    expect(conf).not.toMatch(/^\s*(ip_hash|hash|sticky)\b/m);
  });

  it("refuses a template whose upstream block is not closed", () => {
    expect(() =>
      renderNativeConfig("# upstream-servers:begin\nserver a;\n", { port: 1, upstreams: [], dir: "/tmp" }),
    ).toThrow(/without end/);
  });
});

const redisUrl = inject("redisUrl");
describe.skipIf(!redisUrl || skipWithout(`nginx at ${NGINX_BIN}`, existsSync(NGINX_BIN)))(
  "an exam through Debian's nginx (needs REDIS_URL and /usr/sbin/nginx)",
  () => {
    let outDir: string | undefined;
    afterAll(async () => {
      if (outDir) await rm(outDir, { recursive: true, force: true });
    });

    it("connects, starts and answers through deploy/nginx.conf in front of 2 nodes: lost 0", async () => {
      outDir = await mkdtemp(path.join(os.tmpdir(), "imtihon-load-nginx-"));
      const { report } = await runScenario({
        scenario: "steady",
        nodes: 2,
        processes: 1,
        students: 20,
        durationS: 2,
        thinkMs: 100,
        nginx: true,
        baseline: false,
        cpuProf: false,
        pgServerUrl: inject("pgServerUrl"),
        redisUrl: redisUrl!,
        outDir,
        keepDb: false,
        quiet: true,
        command: "vitest nginx",
      });
      expect(report.sections[0]!.label).toContain("behind nginx");
      expect(report.sections.every((s) => s.connections === 20)).toBe(true);
      expect(report.integrity).toMatchObject({ lost: 0 });
      expect("acked" in report.integrity && report.integrity.acked).toBeGreaterThan(0);
    }, 120_000);
  },
);
