import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import postgres from "postgres";
import { AnswerWriter } from "../../../server/src/exam/answer-writer.ts";
import { createLoadDatabase } from "../cluster/database.ts";
import { benchContext } from "./context.ts";
import { analyze, createCatalogue, fillOpenAttempts, freezeStatistics } from "./fill.ts";
import { OPERATIONS, type Bench } from "./statements.ts";

export type StatsMode = "stale" | "fresh";

export interface DbBenchOptions {
  pgServerUrl: string;
  /** Open attempts per database, smallest first (the ratio is last / first). */
  sizes: number[];
  runs: number;
  warmup: number;
  /** Only these operations (by name), or all. */
  only?: string[];
  outDir: string;
  quiet?: boolean;
}

export interface OperationResult {
  op: string;
  size: number;
  mode: StatsMode;
  runs: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Runs whose outcome was not the expected one (must be 0). */
  wrong: number;
  /**
   * Shared buffers (hit + read) of the explained run, all statements: unlike time, this does not
   * move with the machine's load, so it is the cleaner "does the cost grow with the crowd" figure.
   */
  buffers: number;
  /** Executor time of the explained run's statements, as auto_explain measured it. */
  pgMs: number;
  /** Plan lines that say the statement's cost grows with the table, not with its own rows. */
  flags: string[];
  plans: string[];
}

export interface DbBenchReport {
  startedAt: string;
  sizes: number[];
  runs: number;
  results: OperationResult[];
  host: { cpus: number; loadavg: number[] };
}

// A scan of a whole big table, or of the partial indexes that hold *every* open attempt without
// an index condition, is what makes a statement's cost grow with the crowd: flag it. Rows thrown
// away by a filter say the same thing in other words. (A bitmap scan of the primary key, or a
// range of attempts_due_idx by deadline, is driven by the statement's own rows and is fine.)
const BIG = "(attempts|answers|users|results|integrity_events)";
const SEQ = new RegExp(`Seq Scan on ${BIG}\\b`);
const ALL_OPEN = /(Index Scan|Index Only Scan|Bitmap Index Scan) (using|on) attempts_(due|one_open)_idx\b/;
const REMOVED = /Rows Removed by (Filter|Join Filter|Index Recheck): (\d+)/;

/** Sums the top node's buffers and the duration of each plan. */
export function planCost(plans: string[]): { buffers: number; pgMs: number } {
  let buffers = 0;
  let pgMs = 0;
  for (const plan of plans) {
    const d = /duration: ([\d.]+) ms/.exec(plan);
    if (d) pgMs += Number(d[1]);
    const b = /Buffers: shared ([^\n]*)/.exec(plan);
    if (b) for (const m of b[1]!.matchAll(/(hit|read)=(\d+)/g)) buffers += Number(m[2]);
  }
  return { buffers, pgMs };
}

export function planFlags(plans: string[]): string[] {
  const flags = new Set<string>();
  for (const plan of plans) {
    const lines = plan.split("\n").map((l) => l.trim());
    lines.forEach((t, i) => {
      const short = t.replace(/\s+\(cost=.*$/, "");
      if (SEQ.test(t)) flags.add(short);
      if (ALL_OPEN.test(t) && !lines[i + 1]?.startsWith("Index Cond:")) flags.add(`${short} (no Index Cond)`);
      const m = REMOVED.exec(t);
      if (m && Number(m[2]) > 200) flags.add(t);
    });
  }
  return [...flags];
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function runDbBench(o: DbBenchOptions): Promise<{ report: DbBenchReport; files: string[] }> {
  const say = (s: string) => {
    if (!o.quiet) console.log(s);
  };
  const ops = OPERATIONS.filter((op) => !o.only || o.only.includes(op.name));
  const results: OperationResult[] = [];
  const startedAt = new Date().toISOString();
  for (const size of o.sizes) {
    const database = await createLoadDatabase(o.pgServerUrl);
    const adminSql = postgres(database.url, { max: 2, onnotice: () => {} });
    const plain = benchContext(database.url);
    // Only the plans of the timed call count (setup may run through the same context).
    const plans: string[] = [];
    let recording = false;
    const explaining = benchContext(database.url, (p) => {
      if (recording) plans.push(p);
    });
    try {
      const t0 = performance.now();
      await freezeStatistics(adminSql);
      const catalogue = await createCatalogue(adminSql);
      await analyze(adminSql);
      const data = await fillOpenAttempts(adminSql, catalogue, size, 200);
      say(`[db-bench] ${size} open attempts filled in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
      // The exam cache loads through the pool; the domain may ask it inside a transaction, which
      // on this one-connection pool would wait for itself. Load both exams first.
      for (const c of [plain.ctx, explaining.ctx])
        for (const id of [data.selfPacedExamId, data.liveExamId]) await c.exams.get(id);
      const seq = { next: 1 };
      for (const mode of ["stale", "fresh"] as const) {
        if (mode === "fresh") await analyze(adminSql);
        const writer = new AnswerWriter(plain.ctx.sql, plain.ctx.log, plain.ctx.metrics, {
          maxBatch: 25,
          maxDelayMs: 1000,
          concurrency: 1,
        });
        const explainWriter = new AnswerWriter(
          explaining.ctx.sql,
          explaining.ctx.log,
          explaining.ctx.metrics,
          {
            maxBatch: 25,
            maxDelayMs: 1000,
            concurrency: 1,
          },
        );
        const bench: Bench = { ctx: plain.ctx, admin: adminSql, data, writer, seq };
        for (const op of ops) {
          const times: number[] = [];
          let wrong = 0;
          for (let i = 0; i < o.warmup + o.runs; i++) {
            let ms = 0;
            const ok = await op.once(bench, async (fn) => {
              const s = performance.now();
              const r = await fn();
              ms = performance.now() - s;
              return r;
            });
            if (i < o.warmup) continue;
            times.push(ms);
            if (!ok) wrong++;
          }
          // One more run through auto_explain: the plans of exactly these statements.
          plans.length = 0;
          const explained: Bench = { ...bench, ctx: explaining.ctx, writer: explainWriter };
          const recorded = async (fn: () => Promise<unknown>) => {
            recording = true;
            try {
              return await fn();
            } finally {
              recording = false;
            }
          };
          if (!(await op.once(explained, recorded))) wrong++;
          const opPlans = [...plans];
          times.sort((a, b) => a - b);
          const r: OperationResult = {
            op: op.name,
            size,
            mode,
            runs: times.length,
            meanMs: times.reduce((a, b) => a + b, 0) / Math.max(1, times.length),
            p50Ms: percentile(times, 50),
            p99Ms: percentile(times, 99),
            wrong,
            ...planCost(opPlans),
            flags: planFlags(opPlans),
            plans: opPlans,
          };
          results.push(r);
          say(
            `[db-bench] ${String(size).padStart(6)} ${mode.padEnd(5)} ${op.name.padEnd(24)} mean ${r.meanMs.toFixed(2).padStart(7)} ms  p99 ${r.p99Ms.toFixed(2).padStart(7)} ms  buffers ${String(r.buffers).padStart(6)}${r.wrong ? `  WRONG ${r.wrong}` : ""}${r.flags.length ? `  PLAN: ${r.flags.join(" | ")}` : ""}`,
          );
        }
        await writer.close();
        await explainWriter.close();
      }
    } finally {
      await plain.close();
      await explaining.close();
      await adminSql.end();
      await database.drop();
    }
  }
  const report: DbBenchReport = {
    startedAt,
    sizes: o.sizes,
    runs: o.runs,
    results,
    host: { cpus: (await import("node:os")).cpus().length, loadavg: (await import("node:os")).loadavg() },
  };
  const files = await writeReport(o.outDir, report);
  say(markdownTable(report));
  for (const f of files) say(`[db-bench] wrote ${f}`);
  return { report, files };
}

export function markdownTable(r: DbBenchReport): string {
  const first = r.sizes[0]!;
  const last = r.sizes[r.sizes.length - 1]!;
  const head = `| statement | stats | ${r.sizes.map((s) => `${s.toLocaleString("en")} mean / p99 ms`).join(" | ")} | mean ${last / first}× size | p99 ${last / first}× size | buffers ${r.sizes.map((s) => s.toLocaleString("en")).join(" / ")} | plan flags |`;
  const sep = `|${" --- |".repeat(r.sizes.length + 6)}`;
  const rows: string[] = [];
  const ops = [...new Set(r.results.map((x) => x.op))];
  for (const op of ops)
    for (const mode of ["stale", "fresh"] as const) {
      const at = (s: number) => r.results.find((x) => x.op === op && x.mode === mode && x.size === s);
      const cells = r.sizes.map((s) => {
        const x = at(s);
        return x
          ? `${x.meanMs.toFixed(2)} / ${x.p99Ms.toFixed(2)}${x.wrong ? ` (${x.wrong} wrong)` : ""}`
          : "";
      });
      const a = at(first);
      const b = at(last);
      const ratio = (f: (x: OperationResult) => number) => (a && b ? `${(f(b) / f(a)).toFixed(2)}×` : "");
      const flags = [
        ...new Set(r.results.filter((x) => x.op === op && x.mode === mode).flatMap((x) => x.flags)),
      ];
      rows.push(
        `| ${op} | ${mode} | ${cells.join(" | ")} | ${ratio((x) => x.meanMs)} | ${ratio((x) => x.p99Ms)} | ${r.sizes.map((s) => at(s)?.buffers ?? "").join(" / ")} | ${flags.length ? flags.join("; ") : "none"} |`,
      );
    }
  return [head, sep, ...rows].join("\n");
}

async function writeReport(outDir: string, r: DbBenchReport): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const stamp = r.startedAt.replace(/[:.]/g, "-");
  const json = path.join(outDir, `db-bench-${stamp}.json`);
  const md = path.join(outDir, `db-bench-${stamp}.md`);
  await writeFile(json, JSON.stringify(r, null, 2));
  const last = r.sizes[r.sizes.length - 1]!;
  const plans = r.results
    .filter((x) => x.size === last)
    .map(
      (x) =>
        `### ${x.op} (${x.mode}, ${last.toLocaleString("en")} open)\n\n\`\`\`\n${x.plans.join("\n\n")}\n\`\`\``,
    );
  await writeFile(
    md,
    [
      `# Statement cost (bench:db), ${r.startedAt}`,
      "",
      `${r.runs} timed runs per statement, sizes ${r.sizes.join(" / ")} open attempts; host ${r.host.cpus} CPUs, load average ${r.host.loadavg.map((l) => l.toFixed(2)).join(" ")} at the end.`,
      "`stale`: autovacuum off on the exam tables, statistics taken when 100 closed attempts existed; `fresh`: after ANALYZE.",
      "",
      markdownTable(r),
      "",
      `## Plans at ${last.toLocaleString("en")} open attempts (auto_explain: EXPLAIN ANALYZE, BUFFERS)`,
      "",
      ...plans,
      "",
    ].join("\n"),
  );
  return [md, json];
}
