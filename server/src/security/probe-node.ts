import { migrateToLatest } from "@imtihon/db";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import postgres from "postgres";

/**
 * A throwaway database and one real server process for the adversarial probe scripts (outside vitest,
 * so the probe's own load does not share the server's event loop). Loopback only; torn down by `stop`.
 */
export interface ProbeNode {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

const MAIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../main.ts");
const PG = process.env.PROBE_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export async function startProbeNode(extra: Record<string, string> = {}): Promise<ProbeNode> {
  const name = `imtihon_probe_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(PG, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const u = new URL(PG);
  u.pathname = `/${name}`;
  await migrateToLatest(u.toString());
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.REDIS_URL;
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...env,
      PORT: "0",
      HOST: "127.0.0.1",
      DATABASE_URL: u.toString(),
      JWT_SECRET: "probe-secret-probe-secret-probe-secret-0123456789",
      ADMIN_EMAIL: "admin@probe.local",
      ADMIN_PASSWORD: "admin-probe-pass-123",
      SEED_DEMO: "0",
      LOG_LEVEL: "info",
      DRAIN_SECONDS: "0",
      ...extra,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("probe node did not start in 60 s")), 60_000);
    child.once("exit", (code) => reject(new Error(`probe node exited with ${code}`)));
    lines.on("line", (line) => {
      const m = /"url":"([^"]+)"/.exec(line);
      if (m && line.includes("listening")) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
  });
  return {
    url,
    child,
    stop: async () => {
      child.kill("SIGTERM");
      await new Promise((r) => child.once("exit", r));
      const a = postgres(PG, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export async function post(url: string, path: string, body: unknown, ip: string, token?: string) {
  const res = await fetch(`${url}/api/v1${path}`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-forwarded-for": ip,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as any) : null };
}

export function percentile(xs: number[], p: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
}
