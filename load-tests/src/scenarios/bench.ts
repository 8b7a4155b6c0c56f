import { randomUUID } from "node:crypto";
import { PgMonitor } from "../cluster/pg-stats.ts";
import { ProcWatcher, readMachineCpu } from "../cluster/proc-stats.ts";
import os from "node:os";
import { scrapeNodes, serverView } from "../cluster/server-metrics.ts";
import { LOAD_ADMIN, startBaseline, startCluster, type Target } from "../cluster/cluster.ts";
import { insertUsers, login } from "../cluster/fixtures.ts";
import { GeneratorPool } from "../generator/pool.ts";
import type { Command, PhaseResult } from "../generator/messages.ts";
import { TickCollector, latency, mergeHistograms } from "../report/collector.ts";
import type { Integrity, RunSection } from "../report/report.ts";
import { UsageError, type RunOptions } from "./options.ts";

/** The system under test for one run: our cluster (started here or --url) with what the run needs. */
export interface Imtihon {
  target: Target;
  /** Where admin HTTP calls go. */
  baseUrl: string;
  adminToken: string;
  databaseUrl: string | undefined;
  jwtSecret: string | undefined;
}

export async function openImtihon(o: RunOptions, runDir: string): Promise<Imtihon> {
  if (o.urls) {
    const admin = {
      email: o.adminEmail ?? LOAD_ADMIN.email,
      password: o.adminPassword ?? LOAD_ADMIN.password,
    };
    const baseUrl = o.urls[0]!;
    return {
      target: {
        label: `imtihon at ${o.urls.join(", ")}`,
        entryUrls: o.urls,
        processes: [],
        databaseUrl: o.databaseUrl,
        stop: async () => {},
      },
      baseUrl,
      adminToken: await login(baseUrl, admin.email, admin.password),
      databaseUrl: o.databaseUrl,
      jwtSecret: o.jwtSecret,
    };
  }
  const cluster = await startCluster({
    nodes: o.nodes,
    pgServerUrl: o.pgServerUrl,
    redisUrl: o.redisUrl,
    runDir,
    cpuProf: o.cpuProf,
    nodeFlags: o.nodeFlags,
    env: o.nodeEnv,
    nginx: o.nginx,
    keepDatabase: o.keepDb,
  });
  try {
    cluster.label = `imtihon, ${o.nodes} node${o.nodes > 1 ? "s" : ""}${o.nginx ? " behind nginx" : ""}`;
    const baseUrl = cluster.entryUrls[0]!;
    return {
      target: cluster,
      baseUrl,
      adminToken: await login(baseUrl, LOAD_ADMIN.email, LOAD_ADMIN.password),
      databaseUrl: cluster.databaseUrl,
      jwtSecret: cluster.jwtSecret,
    };
  } catch (err) {
    await cluster.stop();
    throw err;
  }
}

/** Students in Postgres with tokens the generators mint; against --url both secrets are needed. */
export async function makeStudents(
  sut: Imtihon,
  count: number,
): Promise<{ userId: string; email: string }[]> {
  if (!sut.databaseUrl || !sut.jwtSecret) {
    throw new UsageError(
      "socket scenarios against --url need --database-url and --jwt-secret: students are inserted and their tokens minted",
    );
  }
  return (await insertUsers(sut.databaseUrl, count)).map((u) => ({ userId: u.id, email: u.email }));
}

export function fakeStudents(count: number): { userId: string }[] {
  return Array.from({ length: count }, () => ({ userId: randomUUID() }));
}

export function defaultProcesses(o: RunOptions, sockets: number): number {
  return o.processes ?? Math.max(2, Math.ceil(sockets / 9000));
}

const fmtMiB = (b: number) => `${Math.round(b / 2 ** 20)}M`;

/**
 * One target driven by one generator pool: samples CPU/RSS of the target's and the generators'
 * processes, folds ticks into a series, prints the live line, and turns a phase into a report section.
 */
export class Bench {
  readonly collector = new TickCollector();
  readonly watcher: ProcWatcher;
  readonly target: Target;
  readonly pool: GeneratorPool;
  private timer: NodeJS.Timeout | undefined;
  private phaseName = "";
  private readonly quiet: boolean;
  private lastPrinted = 0;
  /** Postgres's view of each phase (the target's database); undefined until opened or when unknown. */
  private pg: Promise<PgMonitor | undefined> | undefined;

  constructor(target: Target, pool: GeneratorPool, quiet: boolean) {
    this.target = target;
    this.pool = pool;
    this.quiet = quiet;
    this.watcher = new ProcWatcher([...target.processes, ...pool.pids]);
    pool.onTick = (t) => this.collector.add(t);
  }

  start(): void {
    this.watcher.start();
    this.timer = setInterval(() => this.progress(), 1000);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.watcher.stop();
    void this.pg?.then((m) => m?.close());
    if (!this.quiet && process.stdout.isTTY) process.stdout.write("\n");
  }

  private progress() {
    const p = this.collector.roll();
    if (this.quiet) return;
    const procs = this.watcher
      .latest()
      .map((s) => `${s.name} ${s.cpuCores.toFixed(2)}c ${fmtMiB(s.rssBytes)}`)
      .join(" ");
    const errs = Object.values(this.collector.totalErrors).reduce((a, b) => a + b, 0);
    const line = `[${this.target.label} | ${this.phaseName} ${p.t.toFixed(0)}s] conns ${p.connected} | ${p.perSecond}/s | p50 ${p.p50} p99 ${p.p99} max ${p.max} ms | inflight ${this.collector.inflight} | errors ${errs} | ${procs}`;
    if (process.stdout.isTTY)
      process.stdout.write(`\r\x1b[2K${line.slice(0, (process.stdout.columns || 200) - 1)}`);
    else if (Date.now() - this.lastPrinted >= 5000) {
      this.lastPrinted = Date.now();
      console.log(line);
    }
  }

  /** Runs one phase on every generator and summarises it as a report section. */
  async phase(
    name: string,
    command: Command | ((worker: number) => Command),
    o: {
      rateLabel: string;
      durationMs?: number;
      timeoutMs?: number;
      memoryPerConnection?: boolean;
      /** Runs inside the phase, before the generators get the command (exam-day's session:start). */
      before?: () => Promise<void>;
    } = {
      rateLabel: "ops/s",
    },
  ): Promise<{ results: PhaseResult[]; section: RunSection }> {
    this.phaseName = name;
    this.collector.reset();
    if (this.target.databaseUrl) this.pg ??= PgMonitor.open(this.target.databaseUrl);
    const pg = await this.pg;
    await pg?.begin();
    this.watcher.sample();
    const metricsBefore = this.target.metricsUrls ? await scrapeNodes(this.target.metricsUrls) : undefined;
    const cpuBefore = readMachineCpu();
    const from = Date.now();
    await o.before?.();
    const results = await this.pool.run(command, o.timeoutMs);
    const cpuAfter = readMachineCpu();
    const to = Date.now();
    this.watcher.sample();
    const hist = mergeHistograms(results.map((r) => r.hist));
    const errors: Record<string, number> = {};
    for (const r of results) for (const [k, v] of Object.entries(r.errors)) errors[k] = (errors[k] ?? 0) + v;
    const ok = results.reduce((n, r) => n + r.ok, 0);
    const durationMs = o.durationMs ?? Math.max(...results.map((r) => r.durationMs));
    const section: RunSection = {
      label: this.target.label,
      phase: name,
      rateLabel: o.rateLabel,
      connections: results.reduce((n, r) => n + (r.connected ?? 0), 0),
      durationS: durationMs / 1000,
      perSecond: Math.round(ok / Math.max(0.001, durationMs / 1000)),
      latency: latency(hist),
      errors,
      processes: this.watcher.summary(from, to),
      series: [...this.collector.series],
    };
    // How contended the machine was: all cores busy vs what this run's processes used.
    const cores = os.cpus().length;
    const busy =
      cpuAfter.total > cpuBefore.total
        ? ((cpuAfter.busy - cpuBefore.busy) / (cpuAfter.total - cpuBefore.total)) * cores
        : 0;
    const ours = section.processes.reduce((n, p) => n + p.cpuCores, 0);
    section.extra = {
      ...section.extra,
      "machine CPU (cores busy of all / this run's node+generator processes / the rest: Postgres, Redis, other work)": `${busy.toFixed(2)} of ${cores} / ${ours.toFixed(2)} / ${Math.max(0, busy - ours).toFixed(2)}`,
    };
    const metricsAfter =
      metricsBefore && this.target.metricsUrls ? await scrapeNodes(this.target.metricsUrls) : undefined;
    if (metricsBefore && metricsAfter) {
      const view = serverView(metricsBefore, metricsAfter, (to - from) / 1000);
      if (Object.keys(view).length) section.extra = { ...section.extra, ...view };
    }
    if (pg) section.postgres = await pg.end(ok);
    if (o.memoryPerConnection) {
      // Server-side growth only: the target's node processes, not the generators nor nginx.
      const servers = new Set(this.target.processes.filter((p) => p.name !== "nginx").map((p) => p.pid));
      const growth = section.processes
        .filter((p) => servers.has(p.pid))
        .reduce((n, p) => n + (p.rssEndBytes - p.rssStartBytes), 0);
      if (servers.size && ok) section.memoryPerConnectionBytes = growth / ok;
    }
    return { results, section };
  }

  async verify(databaseUrl: string | undefined): Promise<Integrity | { skipped: string }> {
    if (!databaseUrl) return { skipped: "no --database-url for this cluster" };
    const results = await this.pool.run({ t: "verify", databaseUrl });
    const acked = results.reduce((n, r) => n + (r.acked ?? 0), 0);
    const stored = results.reduce((n, r) => n + (r.stored ?? 0), 0);
    return {
      acked,
      stored,
      lost: acked - stored,
      samples: results.flatMap((r) => r.lostSamples ?? []).slice(0, 20),
    };
  }
}

/** Starts a pool against a target, runs `body`, always closes the pool. */
export async function withBench<T>(
  target: Target,
  pool: { processes: number; students: { userId: string }[]; jwtSecret?: string },
  quiet: boolean,
  body: (bench: Bench) => Promise<T>,
): Promise<T> {
  const p = await GeneratorPool.start({ ...pool, entryUrls: target.entryUrls });
  const bench = new Bench(target, p, quiet);
  bench.start();
  try {
    return await body(bench);
  } finally {
    bench.stop();
    await p.close();
  }
}

/** Runs `body` against N bare Socket.IO echo (or Hono hello) processes, then stops them. */
export async function withBaseline<T>(
  kind: "echo" | "hello",
  n: number,
  runDir: string,
  body: (t: Target) => Promise<T>,
): Promise<T> {
  const target = await startBaseline(kind, n, runDir);
  try {
    return await body(target);
  } finally {
    await target.stop();
  }
}

export const sumConnections = (results: PhaseResult[]) => results.reduce((n, r) => n + r.ok, 0);
