import { readFileSync } from "node:fs";

// Linux reports utime/stime in clock ticks; USER_HZ is 100 on every mainstream kernel build.
const TICKS_PER_SECOND = 100;

export interface ProcSample {
  at: number;
  /** utime + stime in seconds. */
  cpuSeconds: number;
  rssBytes: number;
}

/** One reading of /proc/<pid>/stat and /proc/<pid>/status; undefined once the process is gone. */
export function readProc(pid: number): ProcSample | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: fields are counted after the last ")".
    const rest = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const utime = Number(rest[11]);
    const stime = Number(rest[12]);
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = /VmRSS:\s+(\d+) kB/.exec(status);
    return {
      at: Date.now(),
      cpuSeconds: (utime + stime) / TICKS_PER_SECOND,
      rssBytes: Number(rss?.[1] ?? 0) * 1024,
    };
  } catch {
    return undefined;
  }
}

/** Whole-machine CPU from /proc/stat: busy and total jiffies over all cores. */
export function readMachineCpu(): { busy: number; total: number } {
  try {
    const first = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const idle = (first[3] ?? 0) + (first[4] ?? 0);
    const total = first.reduce((a, b) => a + b, 0);
    return { busy: total - idle, total };
  } catch {
    return { busy: 0, total: 0 };
  }
}

export interface ProcSummary {
  name: string;
  pid: number;
  /** Mean CPU over the measured window, in cores (1.0 = one core busy). */
  cpuCores: number;
  peakCpuCores: number;
  rssStartBytes: number;
  rssEndBytes: number;
  rssPeakBytes: number;
}

/** Samples a set of processes once a second and summarises CPU and RSS over a window. */
export class ProcWatcher {
  private readonly series = new Map<number, { name: string; samples: ProcSample[] }>();
  private timer: NodeJS.Timeout | undefined;

  constructor(processes: { name: string; pid: number }[]) {
    for (const p of processes) this.series.set(p.pid, { name: p.name, samples: [] });
  }

  start(intervalMs = 1000): void {
    this.sample();
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  /** Latest CPU (cores, over the last interval) and RSS of each process, for the live line. */
  latest(): { name: string; cpuCores: number; rssBytes: number }[] {
    return [...this.series.values()].map(({ name, samples }) => {
      const b = samples.at(-1);
      const a = samples.at(-2);
      const cpuCores = a && b && b.at > a.at ? (b.cpuSeconds - a.cpuSeconds) / ((b.at - a.at) / 1000) : 0;
      return { name, cpuCores, rssBytes: b?.rssBytes ?? 0 };
    });
  }

  /** CPU and RSS per process between two wall-clock instants. */
  summary(from = 0, to = Number.POSITIVE_INFINITY): ProcSummary[] {
    return [...this.series.entries()].map(([pid, { name, samples }]) => {
      // The window plus the nearest sample on each side, so a sub-second phase still has two.
      const inside = samples.filter((s) => s.at >= from && s.at <= to);
      const before = samples.filter((s) => s.at < from).at(-1);
      const after = samples.find((s) => s.at > to);
      const window = [...(before ? [before] : []), ...inside, ...(after ? [after] : [])];
      const first = window[0];
      const last = window.at(-1);
      let peak = 0;
      for (let i = 1; i < window.length; i++) {
        const a = window[i - 1]!;
        const b = window[i]!;
        if (b.at > a.at) peak = Math.max(peak, (b.cpuSeconds - a.cpuSeconds) / ((b.at - a.at) / 1000));
      }
      const elapsed = first && last ? (last.at - first.at) / 1000 : 0;
      return {
        name,
        pid,
        cpuCores: first && last && elapsed > 0 ? (last.cpuSeconds - first.cpuSeconds) / elapsed : 0,
        peakCpuCores: peak,
        rssStartBytes: first?.rssBytes ?? 0,
        rssEndBytes: last?.rssBytes ?? 0,
        rssPeakBytes: Math.max(0, ...window.map((s) => s.rssBytes)),
      };
    });
  }

  /** Takes a reading now (phase boundaries), beside the periodic ones. */
  sample(): void {
    for (const [pid, s] of this.series) {
      const r = readProc(pid);
      if (r) s.samples.push(r);
    }
  }
}
