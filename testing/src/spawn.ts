import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { TEST_JWT_SECRET } from "./server.ts";

/** The server's entry point, wherever the workspace is installed. */
const MAIN = createRequire(import.meta.url).resolve("@imtihon/server/main");

export interface NodeProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Log lines seen so far (JSON strings). */
  logs: string[];
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Starts a real server process (`node server/src/main.ts`) on a free port and waits until it listens.
 * This is how cluster and fault tests get several nodes sharing one Postgres and one Redis.
 */
export async function spawnNode(env: {
  databaseUrl: string;
  redisUrl?: string;
  port?: number;
  /** Nodes of one test cluster share a prefix; other clusters on the same Redis never see them. */
  redisPrefix?: string;
  extra?: Record<string, string>;
}): Promise<NodeProcess> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: String(env.port ?? 0),
      HOST: "127.0.0.1",
      DATABASE_URL: env.databaseUrl,
      REDIS_URL: env.redisUrl ?? "",
      JWT_SECRET: TEST_JWT_SECRET,
      ADMIN_EMAIL: "admin@test.local",
      ADMIN_PASSWORD: "admin-password-123",
      SEED_DEMO: "0",
      LOG_LEVEL: "info",
      DRAIN_SECONDS: "2",
      REDIS_PREFIX: env.redisPrefix ?? "imtihon-test",
      // A shared 2-core test machine lags on its own: no load shedding in tests unless asked for.
      LOAD_SHED_LAG_MS: "0",
      ...env.extra,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const logs: string[] = [];
  const stderr: string[] = [];
  child.stderr!.on("data", (d) => stderr.push(String(d)));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`node did not start in 30 s:\n${stderr.join("")}\n${logs.join("\n")}`)),
      30_000,
    );
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`node exited with ${code} before listening:\n${stderr.join("")}\n${logs.join("\n")}`));
    });
    lines.on("line", (line) => {
      logs.push(line);
      if (line.includes('"msg":"listening"')) {
        clearTimeout(timer);
        resolve((JSON.parse(line) as { url: string }).url);
      }
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    child,
    logs,
    async kill(signal = "SIGKILL") {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill(signal);
      await exited;
    },
  };
}
