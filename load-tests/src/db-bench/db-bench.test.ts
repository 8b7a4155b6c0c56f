import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, expect, inject, test } from "vitest";
import { runDbBench } from "./bench.ts";
import { OPERATIONS } from "./statements.ts";

// CI's smoke of `npm run bench:db`: tiny sizes, a few runs. It checks that every exam-day statement
// ran and did what it should (rows moved, attempts closed, answers saved), never how fast.
let outDir: string | undefined;
afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

test("every statement runs at each size with stale and fresh statistics and gives the expected rows", async () => {
  outDir = await mkdtemp(path.join(os.tmpdir(), "imtihon-db-bench-"));
  const { report, files } = await runDbBench({
    pgServerUrl: inject("pgServerUrl"),
    sizes: [60, 300],
    runs: 2,
    warmup: 0,
    outDir,
    quiet: true,
  });
  for (const size of [60, 300])
    for (const mode of ["stale", "fresh"])
      for (const op of OPERATIONS) {
        const r = report.results.find((x) => x.op === op.name && x.size === size && x.mode === mode);
        expect(r, `${op.name} ${size} ${mode}`).toMatchObject({ runs: 2, wrong: 0 });
        // auto_explain handed back the plan of every statement the operation ran.
        expect(r!.plans.length, `${op.name} plans`).toBeGreaterThan(0);
      }
  for (const f of files) expect(existsSync(f), f).toBe(true);
});
