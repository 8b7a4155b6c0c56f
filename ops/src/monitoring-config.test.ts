import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderIni } from "./pg-native.ts";
import {
  DEPLOY,
  renderAlertmanager,
  renderBlackbox,
  renderPrometheus,
  rewriteMarked,
} from "./native-config.ts";

// The monitoring files docker-compose.yml mounts, checked by the tools that will read them (Debian's
// prometheus, prometheus-alertmanager and prometheus-blackbox-exporter). CI installs them; a
// machine without them skips and says so. The alert rules' own unit tests are
// deploy/prometheus/alerts.test.yml, run here and as a separate block of .ci/run.

const run = promisify(execFile);
const has = async (bin: string) =>
  run("sh", ["-c", `command -v ${bin}`]).then(
    () => true,
    () => false,
  );
const tools = {
  promtool: await has("promtool"),
  amtool: await has("amtool"),
  blackbox: await has("prometheus-blackbox-exporter"),
};
for (const [tool, present] of Object.entries(tools))
  if (!present) console.log(`[ops] ${tool} not installed (apt-get install prometheus…): skipping its checks`);

describe("monitoring configs", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), "imtihon-monitoring-"));
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("refuses a marker without a replacement and a replacement without a marker", () => {
    expect(() => rewriteMarked("a: 1 # native: x\n", {})).toThrow(/no native replacement for the marker "x"/);
    expect(() => rewriteMarked("a: 1\n", { x: () => null })).toThrow(/markers not found.*x/);
    expect(rewriteMarked("  a: 1 # native: x\nb: 2", { x: (l) => l.replace("1", "3") })).toBe("  a: 3\nb: 2");
  });

  it("pgbackrest.conf keeps its production settings when rendered for the native drill", async () => {
    const template = await readFile(path.join(DEPLOY, "backup/pgbackrest.conf"), "utf8");
    const ini = renderIni(template, {
      global: { "repo1-path": "/tmp/r", "lock-path": "/tmp/l" },
      imtihon: { "pg1-path": "/tmp/d", "pg1-port": "5999" },
    });
    const global = ini.slice(ini.indexOf("[global]"), ini.indexOf("[imtihon]"));
    const stanza = ini.slice(ini.indexOf("[imtihon]"));
    expect(global).toMatch(/^repo1-path=\/tmp\/r$/m);
    expect(global).toMatch(/^lock-path=\/tmp\/l$/m);
    for (const kept of ["repo1-retention-full=2", "archive-async=y", "start-fast=y", "repo1-bundle=y"])
      expect(global).toContain(kept);
    expect(stanza).toMatch(/^pg1-path=\/tmp\/d$/m);
    expect(stanza).toMatch(/^pg1-port=5999$/m);
    expect(ini).not.toContain("/var/lib/postgresql/data");
  });

  it.skipIf(!tools.promtool)(
    "alert rules pass their promtool unit tests",
    async () => {
      const files = ["alerts.test.yml", "alerts-long.test.yml"].map((f) =>
        path.join(DEPLOY, "prometheus", f),
      );
      const { stdout, stderr } = await run("promtool", ["test", "rules", ...files]);
      expect((stdout + stderr).match(/SUCCESS/g)).toHaveLength(2);
    },
    180_000,
  );

  it.skipIf(!tools.promtool)("prometheus.yml, rendered for loopback, is valid with the rules", async () => {
    const file = path.join(dir, "prometheus.yml");
    await writeFile(
      file,
      renderPrometheus(await readFile(path.join(DEPLOY, "prometheus.yml"), "utf8"), {
        rules: path.join(DEPLOY, "prometheus/alerts.yml"),
        alertmanager: "127.0.0.1:9093",
        nodes: ["127.0.0.1:3001", "127.0.0.1:3002"],
        nodeExporter: "127.0.0.1:9100",
        blackbox: "127.0.0.1:9115",
        readyzUrl: "https://127.0.0.1:8443/readyz",
        websocketTarget: "127.0.0.1:8443",
      }),
    );
    const { stdout } = await run("promtool", ["check", "config", file]);
    expect(stdout).toMatch(/SUCCESS: 1 rule files found/);
    expect(stdout).toMatch(/SUCCESS: \d+ rules found/);
  });

  it.skipIf(!tools.amtool)("alertmanager.yml is valid as shipped and rendered", async () => {
    const file = path.join(dir, "alertmanager.yml");
    const template = await readFile(path.join(DEPLOY, "alertmanager.yml"), "utf8");
    await writeFile(file, renderAlertmanager(template, { webhookUrl: "http://127.0.0.1:9099/x" }));
    for (const f of [path.join(DEPLOY, "alertmanager.yml"), file]) {
      const { stdout } = await run("amtool", ["check-config", f]);
      expect(stdout).toContain("SUCCESS");
    }
  });

  it.skipIf(!tools.blackbox)("blackbox.yml is valid as shipped and rendered", async () => {
    const file = path.join(dir, "blackbox.yml");
    const template = await readFile(path.join(DEPLOY, "blackbox.yml"), "utf8");
    await writeFile(file, renderBlackbox(template, { caFile: "/tmp/ca.pem", host: "127.0.0.1" }));
    for (const f of [path.join(DEPLOY, "blackbox.yml"), file]) {
      const { stderr } = await run("prometheus-blackbox-exporter", [`--config.file=${f}`, "--config.check"]);
      expect(stderr).toContain("Config file is ok");
    }
  });
});
