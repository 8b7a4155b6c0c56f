import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, inject, it } from "vitest";
import { runScenario } from "./run.ts";
import type { RunOptions } from "./scenarios/options.ts";

// CI's short smoke of the load tests: a tiny steady run against 2 spawned nodes (and the echo
// baseline), asserting correctness (every acked answer stored, reports written), never speed.
const redisUrl = inject("redisUrl");
const pgServerUrl = inject("pgServerUrl");

describe.skipIf(!redisUrl)("load-tests smoke (needs REDIS_URL: two nodes share one Redis)", () => {
  let outDir: string | undefined;
  afterAll(async () => {
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it("runs 50 students for a few seconds on 2 nodes: lost 0, report files written", async () => {
    outDir = await mkdtemp(path.join(os.tmpdir(), "imtihon-load-smoke-"));
    const options: RunOptions = {
      scenario: "steady",
      nodes: 2,
      processes: 2,
      students: 50,
      durationS: 3,
      thinkMs: 100,
      nginx: false,
      baseline: true,
      cpuProf: false,
      pgServerUrl,
      redisUrl: redisUrl!,
      outDir,
      keepDb: false,
      quiet: true,
      command: "vitest smoke",
    };
    const { report, files } = await runScenario(options);
    expect(report.integrity).toMatchObject({ lost: 0 });
    expect("acked" in report.integrity && report.integrity.acked).toBeGreaterThan(0);
    for (const f of files) expect(existsSync(f), f).toBe(true);
    expect(
      await readFile(
        files.find((f) => f.endsWith(".md"))!,
        "utf8",
      ),
    ).toContain("lost 0");
    expect(
      await readFile(
        files.find((f) => f.endsWith(".svg"))!,
        "utf8",
      ),
    ).toContain("<svg");
    const labels = report.sections.map((s) => s.label);
    expect(labels).toContain("bare Socket.IO echo");
    expect(report.comparisons.length).toBeGreaterThan(0);
    for (const s of report.sections.filter((x) => x.phase.startsWith("answers")))
      expect(s.errors).toEqual({});
  }, 180_000);
});
