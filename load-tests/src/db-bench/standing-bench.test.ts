import { expect, inject, test } from "vitest";
import { runStandingBench } from "./standing-bench.ts";

// CI's smoke of `npm run bench:standing` at a tiny size: every part runs, the sampled standings
// equal a brute-force count and the per-score counts equal the best scores after the end-storm
// statements. Never how fast.
test("the standing bench runs every part and its numbers match a brute-force count", async () => {
  const report = await runStandingBench({
    pgServerUrl: inject("pgServerUrl"),
    students: 300,
    reads: 30,
    sweeps: 1,
    singles: 5,
    concurrency: 3,
    quiet: true,
  });
  expect(report.finishedAttempts).toBeGreaterThanOrEqual(300);
  expect(report.distinctScores).toBeGreaterThan(10);
  expect(report.checked).toBe(30);
  expect(report.wrong).toBe(0);
  expect(report.timings.map((t) => [t.name, t.runs])).toEqual([
    ["standing read", 30],
    ["standing read ×3", 30],
    ["finalize: sweep of 500", 1],
    ["finalize: one submit", 5],
    ["standing statement: 500", 1],
    ["standing statement: 1", 5],
    ["standing statement: 1 ×3", 15],
  ]);
}, 240_000);
