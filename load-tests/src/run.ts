import { mkdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { pgSummaryLine } from "./cluster/pg-stats.ts";
import { integrityLine, machine, opName, writeReport, type LoadReport } from "./report/report.ts";
import { capacity } from "./scenarios/capacity.ts";
import { endStorm } from "./scenarios/end-storm.ts";
import { examDay } from "./scenarios/exam-day.ts";
import { httpScenario } from "./scenarios/http.ts";
import type { RunOptions, ScenarioName } from "./scenarios/options.ts";
import { proctor } from "./scenarios/proctor.ts";
import type { ScenarioResult } from "./scenarios/result.ts";
import { startStorm } from "./scenarios/start-storm.ts";
import { steady } from "./scenarios/steady.ts";

export const REPORTS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../reports");

const scenarios: Record<ScenarioName, (o: RunOptions, runDir: string) => Promise<ScenarioResult>> = {
  steady,
  "start-storm": startStorm,
  "end-storm": endStorm,
  capacity,
  http: httpScenario,
  proctor,
  "exam-day": examDay,
};

export interface RunOutcome {
  report: LoadReport;
  dir: string;
  files: string[];
}

/** Runs one scenario end to end and writes its report under `<outDir>/<time>-<scenario>/`. */
export async function runScenario(o: RunOptions): Promise<RunOutcome> {
  const startedAt = new Date();
  const dir = path.join(o.outDir, `${startedAt.toISOString().replace(/[:.]/g, "-")}-${o.scenario}`);
  await mkdir(dir, { recursive: true });
  const result = await scenarios[o.scenario](o, dir);
  const { pgServerUrl: _pg, redisUrl: _r, jwtSecret: _s, adminPassword: _p, databaseUrl: _d, ...options } = o;
  const report: LoadReport = {
    scenario: o.scenario,
    command: o.command,
    startedAt: startedAt.toISOString(),
    machine: machine(),
    options,
    ...result,
  };
  const files = await writeReport(dir, report);
  if (!o.quiet) {
    console.log(`\n${integrityLine(report.integrity)}`);
    for (const t of report.targets)
      console.log(
        `  ${t.met === null ? "·" : t.met ? "✓" : "✗"} ${t.name}: ${t.measured} (target ${t.target})`,
      );
    for (const c of report.comparisons)
      console.log(`  ${c.name}: ours ${c.ours} / baseline ${c.baseline} = ${c.ratio.toFixed(2)} ×`);
    for (const s of report.sections)
      if (s.postgres) console.log(`  ${s.phase}: ${pgSummaryLine(s.postgres, opName(s.rateLabel))}`);
    console.log(`report: ${files.join(", ")}`);
  }
  return { report, dir, files };
}
