import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { createInterface } from "node:readline";

export interface ServiceProcess {
  name: string;
  url: string;
  pid: number;
  child: ChildProcess;
  /** SIGTERM (a node drains and flushes; a --cpu-prof profile is written), SIGKILL after the grace. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns `node <script>` and resolves once it prints its URL: a server node's pino line
 * `"msg":"listening"` or its banner, or a baseline's JSON line. Output goes to `logFile`.
 */
export async function spawnService(o: {
  name: string;
  script: string;
  env: Record<string, string>;
  nodeArgs?: string[];
  logFile: string;
  timeoutMs?: number;
}): Promise<ServiceProcess> {
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), o.script], {
    env: { ...process.env, ...o.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(o.logFile);
  child.stderr!.pipe(log, { end: false });
  const tail: string[] = [];
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`${o.name} did not start within ${o.timeoutMs ?? 60_000} ms:\n${tail.join("\n")}`));
    }, o.timeoutMs ?? 60_000);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(
        new Error(`${o.name} exited with ${code} before listening (log: ${o.logFile}):\n${tail.join("\n")}`),
      );
    });
    lines.on("line", (line) => {
      log.write(`${line}\n`);
      if (tail.length < 200) tail.push(line);
      const json = line.includes('"msg":"listening"') ? /"url":"([^"]+)"/.exec(line)?.[1] : undefined;
      const banner = /is running at (http:\/\/\S+)/.exec(line)?.[1];
      const found = json ?? banner;
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  child.removeAllListeners("exit");
  return {
    name: o.name,
    url,
    pid: child.pid!,
    child,
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      const t = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(t);
      log.end();
    },
  };
}
