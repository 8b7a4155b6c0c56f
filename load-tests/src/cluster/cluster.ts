import { randomBytes } from "node:crypto";
import { mkdir } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLoadDatabase } from "./database.ts";
import { startNativeNginx, type NativeNginx } from "./nginx.ts";
import { spawnService, type ServiceProcess } from "./processes.ts";
import { LOAD_METRICS_TOKEN } from "./server-metrics.ts";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SERVER_MAIN = path.resolve(HERE, "../../../server/src/main.ts");
const BASELINES = {
  echo: path.resolve(HERE, "../baseline/echo-server.ts"),
  hello: path.resolve(HERE, "../baseline/hello-server.ts"),
} as const;

export const LOAD_ADMIN = { email: "admin@load.local", password: "load-admin-password-123" } as const;

/** A target the generators aim at: the entry URLs and, when we started it, the processes behind them. */
export interface Target {
  label: string;
  entryUrls: string[];
  /** Node URLs whose /metrics the report reads (self-started nodes). */
  metricsUrls?: string[];
  processes: { name: string; pid: number }[];
  /** The database behind the target, when known: phases then report Postgres's cost. */
  databaseUrl?: string;
  stop(): Promise<void>;
}

export interface ImtihonCluster extends Target {
  databaseUrl: string;
  jwtSecret: string;
  nodeUrls: string[];
}

export interface ClusterOptions {
  nodes: number;
  /** A Postgres server URL whose role may CREATE DATABASE. */
  pgServerUrl: string;
  redisUrl: string;
  runDir: string;
  cpuProf?: boolean;
  /** Extra `node` flags for every node. */
  nodeFlags?: string[];
  nginx?: boolean;
  /** Keep the run's database afterwards (for inspection). */
  keepDatabase?: boolean;
  env?: Record<string, string>;
}

/**
 * Starts N server nodes (`node server/src/main.ts`) on loopback with one Redis and a fresh database
 * on the given Postgres, optionally behind Debian's nginx. `stop()` tears everything down.
 */
export async function startCluster(o: ClusterOptions): Promise<ImtihonCluster> {
  const logs = path.join(o.runDir, "logs");
  await mkdir(logs, { recursive: true });
  const database = await createLoadDatabase(o.pgServerUrl);
  const jwtSecret = randomBytes(32).toString("base64url");
  const prefix = `load-${randomBytes(4).toString("hex")}`;
  // Postgres here allows 100 connections, shared with everyone's tests: split ~60 over the nodes.
  const poolMax = Math.max(4, Math.min(20, Math.floor(60 / o.nodes)));
  const profDir = path.join(o.runDir, "cpu-prof");
  const started: ServiceProcess[] = [];
  let nginx: NativeNginx | undefined;
  const stop = async () => {
    await nginx?.stop();
    await Promise.all(started.map((s) => s.stop()));
    if (!o.keepDatabase)
      await database.drop().catch((err) => console.error(`could not drop ${database.name}: ${err}`));
  };
  try {
    const nodes = await Promise.all(
      Array.from({ length: o.nodes }, async (_, i) => {
        const node = await spawnService({
          name: `node${i + 1}`,
          script: SERVER_MAIN,
          nodeArgs: [
            ...(o.nodeFlags ?? []),
            ...(o.cpuProf
              ? ["--cpu-prof", `--cpu-prof-dir=${profDir}`, `--cpu-prof-name=node${i + 1}.cpuprofile`]
              : []),
          ],
          logFile: path.join(logs, `node${i + 1}.log`),
          env: {
            NODE_ENV: "production",
            PORT: "0",
            HOST: "127.0.0.1",
            DATABASE_URL: database.url,
            REDIS_URL: o.redisUrl,
            REDIS_PREFIX: prefix,
            JWT_SECRET: jwtSecret,
            ADMIN_EMAIL: LOAD_ADMIN.email,
            ADMIN_PASSWORD: LOAD_ADMIN.password,
            SEED_DEMO: "0",
            LOG_LEVEL: "warn",
            DB_POOL_MAX: String(poolMax),
            DRAIN_SECONDS: "1",
            METRICS_TOKEN: LOAD_METRICS_TOKEN,
            ...o.env,
          },
        });
        started.push(node);
        return node;
      }),
    );
    const nodeUrls = nodes.map((n) => n.url);
    const processes = nodes.map((n) => ({ name: n.name, pid: n.pid }));
    let entryUrls = nodeUrls;
    if (o.nginx) {
      nginx = await startNativeNginx({
        port: await freePort(),
        upstreams: nodeUrls.map((u) => new URL(u).host),
        dir: path.join(o.runDir, "nginx"),
      });
      entryUrls = [nginx.url];
      processes.push({ name: "nginx", pid: nginx.pid });
    }
    return {
      label: "imtihon",
      entryUrls,
      nodeUrls,
      metricsUrls: nodeUrls,
      processes,
      databaseUrl: database.url,
      jwtSecret,
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** N processes of a bare baseline server: Socket.IO echo or Hono hello. */
export async function startBaseline(
  kind: keyof typeof BASELINES,
  n: number,
  runDir: string,
): Promise<Target> {
  const logs = path.join(runDir, "logs");
  await mkdir(logs, { recursive: true });
  const started: ServiceProcess[] = [];
  const stop = async () => {
    await Promise.all(started.map((s) => s.stop(3000)));
  };
  try {
    const procs = await Promise.all(
      Array.from({ length: n }, async (_, i) => {
        const p = await spawnService({
          name: `${kind}${i + 1}`,
          script: BASELINES[kind],
          logFile: path.join(logs, `${kind}${i + 1}.log`),
          env: { PORT: "0", NODE_ENV: "production" },
        });
        started.push(p);
        return p;
      }),
    );
    return {
      label: kind === "echo" ? "bare Socket.IO echo" : "bare Hono hello",
      entryUrls: procs.map((p) => p.url),
      processes: procs.map((p) => ({ name: p.name, pid: p.pid })),
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}
