import { readFileSync } from "node:fs";
import postgres from "postgres";
import { readProc } from "./proc-stats.ts";

/** One statement of pg_stat_statements over a phase. */
export interface PgStatement {
  query: string;
  calls: number;
  rows: number;
  meanMs: number;
  totalMs: number;
}

/** Postgres's cost over one phase: CPU of the run database's processes and the top statements. */
export interface PgPhaseCost {
  /**
   * "proc": CPU sampled from /proc for the run database's backends plus the server's background
   * processes (WAL writer, checkpointer, ...); "exec-time": Postgres on another host, so the sum of
   * pg_stat_statements total_exec_time (execution time, not CPU: it includes lock and I/O waits).
   */
  cpuSource: "proc" | "exec-time";
  /** Seconds of CPU (or of execution) over the phase. */
  cpuSeconds: number;
  /** Of which the server's shared background processes (proc only; shared with other databases). */
  backgroundSeconds?: number;
  /** Mean cores over the phase. */
  cores: number;
  /** Milliseconds per successful operation of the phase (an acked answer in answer phases). */
  perOpMs?: number;
  /** Top statements by total execution time; unset when pg_stat_statements is unavailable. */
  statements?: PgStatement[];
  /** Why statements are missing. */
  statementsSkipped?: string;
  /**
   * Entries pg_stat_statements evicted server-wide during the phase (its table holds
   * pg_stat_statements.max; on a shared server the least-called ones, e.g. a one-off
   * session:start, can be dropped before they are read).
   */
  evicted?: number;
}

const TOP = 15;

/**
 * Reads Postgres's own view of a phase for the run's database: resets pg_stat_statements for that
 * database alone (other databases on a shared server keep theirs) before the phase, samples the
 * CPU of its backends from /proc while it runs, and reads the top statements after.
 */
export class PgMonitor {
  private readonly sql: postgres.Sql;
  private readonly dbid: number;
  private readonly statementsError: string | undefined;
  private readonly local: boolean;
  /** pid → CPU seconds at the first sighting in this phase (0 for backends born during it). */
  private base = new Map<number, number>();
  private last = new Map<number, number>();
  private background = new Set<number>();
  private timer: NodeJS.Timeout | undefined;
  private from = 0;
  private deallocBefore: number | undefined;
  private sampling: Promise<void> | undefined;

  private constructor(sql: postgres.Sql, dbid: number, statementsError: string | undefined, local: boolean) {
    this.sql = sql;
    this.dbid = dbid;
    this.statementsError = statementsError;
    this.local = local;
  }

  /** Undefined when the database cannot be reached at all (the run goes on without these figures). */
  static async open(databaseUrl: string): Promise<PgMonitor | undefined> {
    const sql = postgres(databaseUrl, {
      max: 1,
      onnotice: () => {},
      connection: { application_name: "imtihon-load-monitor" },
    });
    try {
      const [db] = await sql<{ oid: number; pid: number }[]>`
        select oid::int as oid, pg_backend_pid() as pid from pg_database where datname = current_database()`;
      let statementsError: string | undefined;
      try {
        await sql`create extension if not exists pg_stat_statements`;
        await sql`select 1 from pg_stat_statements limit 1`;
      } catch (err) {
        statementsError = (err as Error).message;
      }
      // Same host (same pid namespace) when our own backend's /proc entry is a postgres process.
      let local = false;
      try {
        local = readFileSync(`/proc/${db!.pid}/comm`, "utf8").trim().startsWith("postgres");
      } catch {
        local = false;
      }
      return new PgMonitor(sql, db!.oid, statementsError, local);
    } catch {
      await sql.end().catch(() => undefined);
      return undefined;
    }
  }

  get available(): { statements: boolean; procCpu: boolean } {
    return { statements: !this.statementsError, procCpu: this.local };
  }

  async begin(): Promise<void> {
    if (!this.statementsError) {
      await this.sql`select pg_stat_statements_reset(0, ${this.dbid}::oid, 0)`.catch(() => undefined);
      this.deallocBefore = await this.dealloc();
    }
    this.base = new Map();
    this.last = new Map();
    this.background = new Set();
    this.from = Date.now();
    if (this.local) {
      await this.sample(true);
      this.timer = setInterval(() => {
        this.sampling ??= this.sample(false).finally(() => (this.sampling = undefined));
      }, 1000);
      this.timer.unref();
    }
  }

  async end(ops: number): Promise<PgPhaseCost> {
    clearInterval(this.timer);
    await this.sampling;
    const seconds = Math.max(0.001, (Date.now() - this.from) / 1000);
    let statements: PgStatement[] | undefined;
    let execSeconds = 0;
    let statementsSkipped = this.statementsError;
    // The monitor never fails a run: a database that went away mid-run only loses these figures.
    if (!this.statementsError)
      try {
        statements = await this.topStatements((s) => (execSeconds = s));
      } catch (err) {
        statementsSkipped = `could not read pg_stat_statements: ${(err as Error).message}`;
      }
    const deallocAfter = this.statementsError ? undefined : await this.dealloc();
    const evicted =
      deallocAfter !== undefined && this.deallocBefore !== undefined
        ? deallocAfter - this.deallocBefore
        : undefined;
    let cpuSeconds = execSeconds;
    let backgroundSeconds: number | undefined;
    if (this.local) {
      await this.sample(false);
      let all = 0;
      let bg = 0;
      for (const [pid, at] of this.last) {
        const used = Math.max(0, at - (this.base.get(pid) ?? 0));
        all += used;
        if (this.background.has(pid)) bg += used;
      }
      cpuSeconds = all;
      backgroundSeconds = bg;
    }
    return {
      cpuSource: this.local ? "proc" : "exec-time",
      cpuSeconds: Math.round(cpuSeconds * 1000) / 1000,
      backgroundSeconds,
      cores: Math.round((cpuSeconds / seconds) * 1000) / 1000,
      perOpMs: ops > 0 ? Math.round((cpuSeconds / ops) * 1e6) / 1000 : undefined,
      statements,
      statementsSkipped,
      evicted,
    };
  }

  /** pg_stat_statements_info.dealloc (Postgres 14+); undefined when unreadable. */
  private async dealloc(): Promise<number | undefined> {
    try {
      const [row] = await this.sql<{ dealloc: string }[]>`select dealloc::text from pg_stat_statements_info`;
      return row ? Number(row.dealloc) : undefined;
    } catch {
      return undefined;
    }
  }

  private async topStatements(total: (seconds: number) => void): Promise<PgStatement[]> {
    const rows = await this.sql<
      { query: string; calls: string; rows: string; mean: number; total: number }[]
    >`
      select query, calls::text, rows::text, mean_exec_time as mean, total_exec_time as total
      from pg_stat_statements
      where dbid = ${this.dbid}::oid and query not ilike '%pg\\_stat\\_%'
      order by total_exec_time desc`;
    total(rows.reduce((n, r) => n + r.total, 0) / 1000);
    return rows.slice(0, TOP).map((r) => ({
      query: r.query.replace(/\s+/g, " ").trim(),
      calls: Number(r.calls),
      rows: Number(r.rows),
      meanMs: Math.round(r.mean * 1000) / 1000,
      totalMs: Math.round(r.total),
    }));
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.sql.end().catch(() => undefined);
  }

  /**
   * The run database's backends (minus this monitor's) and the server's background processes.
   * A backend first seen after the phase began was born in it: all its CPU counts.
   */
  private async sample(first: boolean): Promise<void> {
    let procs: { pid: number; bg: boolean }[];
    try {
      procs = await this.sql<{ pid: number; bg: boolean }[]>`
        select pid, datname is null as bg from pg_stat_activity
        where pid <> pg_backend_pid()
          and (datid = ${this.dbid}::oid or (datname is null and backend_type <> 'client backend'))`;
    } catch {
      return;
    }
    for (const p of procs) {
      const r = readProc(p.pid);
      if (!r) continue;
      if (!this.base.has(p.pid)) this.base.set(p.pid, first ? r.cpuSeconds : 0);
      if (p.bg) this.background.add(p.pid);
      this.last.set(p.pid, r.cpuSeconds);
    }
  }
}

/** A one-line summary and a markdown table of a phase's Postgres cost. */
export function pgCostLines(c: PgPhaseCost, opLabel: string, top = 8): string[] {
  const out: string[] = [];
  const what =
    c.cpuSource === "proc"
      ? "CPU of the run database's backends + the server's background processes, from /proc"
      : "pg_stat_statements total execution time (Postgres on another host: not CPU; includes waits)";
  const per = c.perOpMs !== undefined ? `, **${c.perOpMs} ms per ${opLabel}**` : "";
  const bg =
    c.backgroundSeconds !== undefined ? ` (of which background ${c.backgroundSeconds.toFixed(2)} s)` : "";
  out.push(`- Postgres: ${c.cpuSeconds.toFixed(2)} s${bg} = ${c.cores.toFixed(2)} cores${per} (${what})`);
  if (c.statements?.length) {
    out.push(
      "",
      "| top statements by total time | calls | rows | mean ms | total ms |",
      "| --- | --- | --- | --- | --- |",
    );
    for (const s of c.statements.slice(0, top)) {
      const q = s.query.length > 160 ? `${s.query.slice(0, 157)}...` : s.query;
      out.push(
        `| \`${q.replace(/\|/g, "\\|").replace(/`/g, "'")}\` | ${s.calls} | ${s.rows} | ${s.meanMs} | ${s.totalMs} |`,
      );
    }
    if (c.evicted)
      out.push(
        "",
        `(pg_stat_statements evicted ${c.evicted} × 5 % of its least-called entries server-wide during the phase: one-off statements may be missing)`,
      );
  } else if (c.statementsSkipped) {
    out.push(`- pg_stat_statements unavailable: ${c.statementsSkipped}`);
  }
  return out;
}

/** The console's line for a phase: CPU, per operation, and the top statement. */
export function pgSummaryLine(c: PgPhaseCost, opLabel: string): string {
  const per = c.perOpMs !== undefined ? `, ${c.perOpMs} ms per ${opLabel}` : "";
  const top = c.statements?.[0];
  const stmt = top
    ? `; top: ${top.query.slice(0, 70)}… ${top.calls} calls, mean ${top.meanMs} ms, total ${top.totalMs} ms`
    : c.statementsSkipped
      ? "; pg_stat_statements unavailable"
      : "";
  return `Postgres ${c.cpuSource === "proc" ? "CPU" : "exec time"} ${c.cpuSeconds.toFixed(2)} s (${c.cores.toFixed(2)} cores)${per}${stmt}`;
}
