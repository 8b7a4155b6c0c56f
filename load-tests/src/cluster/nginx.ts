import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const NGINX_BIN = "/usr/sbin/nginx";
export const NGINX_CONF = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../deploy/nginx.conf",
);

/**
 * Turns deploy/nginx.conf (written for docker-compose) into a config for Debian's nginx on loopback:
 * only the lines marked `native:` and the upstream block change, so the proxy settings under test
 * are the production ones.
 */
export function renderNativeConfig(
  template: string,
  o: { port: number; upstreams: string[]; dir: string },
): string {
  const lines = template.split("\n");
  const out: string[] = [];
  let inUpstream = false;
  for (const line of lines) {
    const indent = /^\s*/.exec(line)![0];
    if (line.includes("# upstream-servers:begin")) {
      inUpstream = true;
      out.push(line, ...o.upstreams.map((u) => `${indent}server ${u} max_fails=3 fail_timeout=5s;`));
      continue;
    }
    if (line.includes("# upstream-servers:end")) inUpstream = false;
    if (inUpstream) continue;
    const marker = /# native: (.*)$/.exec(line)?.[1]?.trim();
    if (!marker) {
      out.push(line);
    } else if (marker === "drop") {
      continue;
    } else if (marker === "pid") {
      out.push(`${indent}pid ${o.dir}/nginx.pid;`);
    } else if (marker === "error_log") {
      out.push(`${indent}error_log ${o.dir}/error.log warn;`);
    } else if (marker === "listen") {
      out.push(`${indent}listen 127.0.0.1:${o.port} backlog=4096;`);
    } else if (marker === "temp paths") {
      for (const t of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) {
        out.push(`${indent}${t}_temp_path ${o.dir}/${t}_temp;`);
      }
    } else {
      out.push(`${indent}${marker}`);
    }
  }
  if (inUpstream) throw new Error("deploy/nginx.conf: upstream-servers:begin without end");
  return out.join("\n");
}

export interface NativeNginx {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts Debian's nginx with deploy/nginx.conf in front of `upstreams` (host:port) on 127.0.0.1:port. */
export async function startNativeNginx(o: {
  port: number;
  upstreams: string[];
  dir: string;
}): Promise<NativeNginx> {
  if (!existsSync(NGINX_BIN)) throw new Error(`${NGINX_BIN} not found: install Debian's nginx package`);
  await mkdir(o.dir, { recursive: true });
  const conf = path.join(o.dir, "nginx.conf");
  await writeFile(conf, renderNativeConfig(await readFile(NGINX_CONF, "utf8"), o));
  const args = ["-e", path.join(o.dir, "error.log"), "-p", o.dir, "-c", conf];
  const test = await run(spawn(NGINX_BIN, [...args, "-t", "-q"], { stdio: ["ignore", "pipe", "pipe"] }));
  if (test.code !== 0) throw new Error(`nginx -t failed:\n${test.output}`);
  const child = spawn(NGINX_BIN, [...args, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  const url = `http://127.0.0.1:${o.port}`;
  await waitForHttp(`${url}/healthz`, 10_000, child);
  return {
    url,
    pid: child.pid!,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGQUIT");
      const t = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}

function run(child: ChildProcess): Promise<{ code: number | null; output: string }> {
  const chunks: string[] = [];
  child.stdout?.on("data", (d) => chunks.push(String(d)));
  child.stderr?.on("data", (d) => chunks.push(String(d)));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, output: chunks.join("") })));
}

async function waitForHttp(url: string, ms: number, child: ChildProcess): Promise<void> {
  const stderr: string[] = [];
  child.stderr?.on("data", (d) => stderr.push(String(d)));
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${stderr.join("")}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not answer ${url} within ${ms} ms: ${stderr.join("")}`);
}
