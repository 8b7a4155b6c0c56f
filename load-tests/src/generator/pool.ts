import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Command, PhaseResult, Report, Tick } from "./messages.ts";

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), "worker.ts");

export class GeneratorError extends Error {
  override name = "GeneratorError";
}

/**
 * The coordinator's side of the load-generator processes: forks them, hands each its share of the
 * students (round robin over the entry URLs, its own loopback source addresses), runs phases on all
 * of them at once and gathers their ticks and results.
 */
export class GeneratorPool {
  readonly children: ChildProcess[];
  private readonly waiting = new Map<number, (r: PhaseResult) => void>();
  private fatal: string | undefined;
  onTick: ((t: Tick) => void) | undefined;

  private constructor(children: ChildProcess[]) {
    this.children = children;
    children.forEach((child, i) => {
      child.on("message", (r: Report) => {
        if (r.t === "tick") this.onTick?.(r);
        else if (r.t === "result") this.waiting.get(i)?.(r);
        else if (r.t === "fatal") this.fatal = `generator ${i}: ${r.error}`;
      });
      child.on("exit", (code) => {
        if (code !== 0 && code !== null) this.fatal ??= `generator ${i} exited with ${code}`;
      });
    });
  }

  static async start(o: {
    processes: number;
    students: { userId: string }[];
    entryUrls: string[];
    jwtSecret?: string;
    tokens?: string[];
  }): Promise<GeneratorPool> {
    const n = Math.max(1, o.students.length ? Math.min(o.processes, o.students.length) : o.processes);
    const children = Array.from({ length: n }, () =>
      fork(WORKER, [], { stdio: ["ignore", "inherit", "inherit", "ipc"], serialization: "advanced" }),
    );
    const pool = new GeneratorPool(children);
    await Promise.all(
      children.map((child, w) => {
        const mine: { userId: string; url: string }[] = [];
        const tokens: string[] = [];
        o.students.forEach((s, i) => {
          if (i % n !== w) return;
          mine.push({ userId: s.userId, url: o.entryUrls[i % o.entryUrls.length]! });
          if (o.tokens) tokens.push(o.tokens[i]!);
        });
        // 64 source addresses per process, 127.<1+w>.0.1..64: the ephemeral-port range applies per address.
        const sourceAddresses = Array.from({ length: 64 }, (_, k) => `127.${1 + w}.0.${1 + k}`);
        const ready = new Promise<void>((resolve, reject) => {
          const onMessage = (r: Report) => {
            if (r.t === "ready") resolve();
            if (r.t === "fatal") reject(new GeneratorError(r.error));
          };
          child.on("message", onMessage);
        });
        const cmd: Command = { t: "init", worker: w, students: mine, sourceAddresses };
        if (o.tokens) cmd.tokens = tokens;
        else if (o.jwtSecret) cmd.jwtSecret = o.jwtSecret;
        child.send(cmd);
        return ready;
      }),
    );
    return pool;
  }

  get pids(): { name: string; pid: number }[] {
    return this.children.map((c, i) => ({ name: `gen${i + 1}`, pid: c.pid! }));
  }

  /** Sends one command (or one per generator) to every generator and resolves with every result. */
  async run(
    command: Command | ((worker: number) => Command),
    timeoutMs = 30 * 60_000,
  ): Promise<PhaseResult[]> {
    const results = await Promise.all(
      this.children.map(
        (child, i) =>
          new Promise<PhaseResult>((resolve, reject) => {
            const cmd = typeof command === "function" ? command(i) : command;
            const timer = setTimeout(
              () => reject(new GeneratorError(`${cmd.t}: generator ${i} gave no result in ${timeoutMs} ms`)),
              timeoutMs,
            );
            const check = setInterval(() => {
              if (this.fatal) {
                clearTimeout(timer);
                clearInterval(check);
                reject(new GeneratorError(this.fatal));
              }
            }, 200);
            this.waiting.set(i, (r) => {
              clearTimeout(timer);
              clearInterval(check);
              this.waiting.delete(i);
              resolve(r);
            });
            child.send(cmd);
          }),
      ),
    );
    return results;
  }

  async close(): Promise<void> {
    await Promise.all(
      this.children.map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once("exit", r));
        if (child.connected) child.send({ t: "close" } satisfies Command);
        const t = setTimeout(() => child.kill("SIGKILL"), 10_000);
        await exited;
        clearTimeout(t);
      }),
    );
  }
}
