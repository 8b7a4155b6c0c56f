import { mkdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pgCostLines, type PgPhaseCost } from "../cluster/pg-stats.ts";
import type { ProcSummary } from "../cluster/proc-stats.ts";
import type { Latency, SeriesPoint } from "./collector.ts";
import { latencyChart } from "./svg-chart.ts";

export interface RunSection {
  /** What was measured: "imtihon, 2 nodes" or "baseline: bare Socket.IO echo". */
  label: string;
  phase: string;
  rateLabel: string;
  connections: number;
  durationS: number;
  /** Successful operations per second over the phase. */
  perSecond: number;
  latency?: Latency;
  errors: Record<string, number>;
  processes: ProcSummary[];
  memoryPerConnectionBytes?: number;
  series: SeriesPoint[];
  extra?: Record<string, string | number>;
  /** Postgres's cost over the phase (CPU, top statements), when the target's database is known. */
  postgres?: PgPhaseCost;
}

export interface Comparison {
  name: string;
  ours: number;
  baseline: number;
  unit: string;
  /** ours / baseline */
  ratio: number;
}

export interface Target {
  name: string;
  target: string;
  measured: string;
  met: boolean | null;
  /** A correctness target: the run fails (exit 1, a failed test) when it is not met. */
  gate?: boolean;
}

export interface Integrity {
  acked: number;
  stored: number;
  lost: number;
  samples: string[];
}

export interface LoadReport {
  scenario: string;
  command: string;
  startedAt: string;
  machine: ReturnType<typeof machine>;
  options: Record<string, unknown>;
  sections: RunSection[];
  comparisons: Comparison[];
  targets: Target[];
  integrity: Integrity | { skipped: string };
  notes: string[];
}

export function machine() {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    node: process.version,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

export const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
const kib = (b: number) => `${(b / 1024).toFixed(1)} KiB`;
const num = (n: number) =>
  Number.isInteger(n) ? n.toLocaleString("en-US") : n.toLocaleString("en-US", { maximumFractionDigits: 1 });

export function integrityLine(i: LoadReport["integrity"]): string {
  if ("skipped" in i) return `acked/stored not checked: ${i.skipped}`;
  return `acked ${i.acked}, stored ${i.stored}, lost ${i.lost}`;
}

/** "answers/s" → "answer": what a phase's successful operation is called. */
export function opName(rateLabel: string): string {
  return rateLabel.replace(/\/s$/, "").replace(/s$/, "");
}

function markdown(r: LoadReport): string {
  const out: string[] = [];
  out.push(`# Load report: ${r.scenario}`, "");
  out.push(`- started: ${r.startedAt}`, `- command: \`${r.command}\``);
  out.push(
    `- machine: ${r.machine.cpus} × ${r.machine.cpuModel}, ${r.machine.memoryGiB} GiB, ${r.machine.kernel}, Node ${r.machine.node}; load average at the end ${r.machine.loadAverage.join(" ")}`,
  );
  out.push(
    `- load generator on the same machine; other engineers' tests may share the CPU, so figures are noisy`,
    "",
  );
  out.push(`## ${integrityLine(r.integrity)}`, "");
  if ("samples" in r.integrity && r.integrity.samples.length) {
    out.push("Lost answers (first ones):", "", ...r.integrity.samples.map((s) => `- ${s}`), "");
  }
  if (r.targets.length) {
    out.push("## Targets", "", "| target | goal | measured | met |", "| --- | --- | --- | --- |");
    for (const t of r.targets)
      out.push(
        `| ${t.name} | ${t.target} | ${t.measured} | ${t.met === null ? "n/a" : t.met ? "yes" : "**no**"} |`,
      );
    out.push("");
  }
  if (r.comparisons.length) {
    out.push(
      "## Against the baseline (same clients, same run)",
      "",
      "| figure | ours | baseline | ratio |",
      "| --- | --- | --- | --- |",
    );
    for (const c of r.comparisons)
      out.push(
        `| ${c.name} | ${num(c.ours)} ${c.unit} | ${num(c.baseline)} ${c.unit} | ${c.ratio.toFixed(2)} × |`,
      );
    out.push("");
  }
  out.push("## Runs", "");
  for (const s of r.sections) {
    out.push(`### ${s.label}: ${s.phase}`, "");
    out.push(
      `- connections: ${num(s.connections)}; duration ${s.durationS.toFixed(1)} s; ${s.rateLabel}: **${num(s.perSecond)}**`,
    );
    if (s.latency?.count) {
      const l = s.latency;
      out.push(
        `- latency (ms, ${num(l.count)} samples): p50 ${l.p50}, p95 ${l.p95}, p99 ${l.p99}, p99.9 ${l.p999}, max ${l.max}`,
      );
    }
    const errs = Object.entries(s.errors);
    out.push(`- errors: ${errs.length ? errs.map(([k, v]) => `${k} ${v}`).join(", ") : "none"}`);
    if (s.memoryPerConnectionBytes !== undefined)
      out.push(
        `- memory per connection (server RSS growth / connections): ${kib(s.memoryPerConnectionBytes)}`,
      );
    for (const [k, v] of Object.entries(s.extra ?? {}))
      out.push(`- ${k}: ${typeof v === "number" ? num(v) : v}`);
    if (s.processes.length) {
      out.push(
        "",
        "| process | CPU mean (cores) | CPU peak | RSS start | RSS end | RSS peak |",
        "| --- | --- | --- | --- | --- | --- |",
      );
      for (const p of s.processes) {
        out.push(
          `| ${p.name} (${p.pid}) | ${p.cpuCores.toFixed(2)} | ${p.peakCpuCores.toFixed(2)} | ${mib(p.rssStartBytes)} | ${mib(p.rssEndBytes)} | ${mib(p.rssPeakBytes)} |`,
        );
      }
    }
    if (s.postgres) out.push("", ...pgCostLines(s.postgres, opName(s.rateLabel)));
    out.push("");
  }
  if (r.notes.length) out.push("## Notes", "", ...r.notes.map((n) => `- ${n}`), "");
  out.push("Chart: [latency.svg](latency.svg) (p50/p99 per second, left axis; throughput, right axis).", "");
  return out.join("\n");
}

/** Writes report.md, report.json and latency.svg into dir; returns their paths. */
export async function writeReport(dir: string, r: LoadReport): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = {
    md: path.join(dir, "report.md"),
    json: path.join(dir, "report.json"),
    svg: path.join(dir, "latency.svg"),
  };
  await writeFile(files.md, markdown(r));
  await writeFile(files.json, `${JSON.stringify(r, null, 2)}\n`);
  const panels = r.sections
    .filter((s) => s.series.length)
    .map((s) => ({ title: `${s.label}: ${s.phase}`, series: s.series, rateLabel: s.rateLabel }));
  await writeFile(files.svg, latencyChart(panels));
  return Object.values(files);
}
