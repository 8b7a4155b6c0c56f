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

/** Certificate files and the https port, when the native nginx terminates TLS as in production. */
export interface NativeTls {
  port: number;
  cert: string;
  key: string;
  /** The CA chain used to verify OCSP responses (ssl_trusted_certificate). */
  chain: string;
}

/**
 * Turns deploy/nginx.conf (written for docker-compose) into a config for Debian's nginx on loopback:
 * only the lines marked `native:` and the upstream block change, so the proxy settings under test
 * are the production ones. With `tls`, the https server listens on `tls.port` and the redirect
 * server on `port`; without it (the load tests), the proxying server listens in plain HTTP on
 * `port`, and the redirect server and the `native: tls` lines are dropped.
 */
export function renderNativeConfig(
  template: string,
  o: { port: number; upstreams: string[]; dir: string; tls?: NativeTls },
): string {
  const lines = template.split("\n");
  const out: string[] = [];
  let inUpstream = false;
  let inRedirect = false;
  for (const line of lines) {
    const indent = /^\s*/.exec(line)![0];
    if (line.includes("# upstream-servers:begin")) {
      inUpstream = true;
      out.push(line, ...o.upstreams.map((u) => `${indent}server ${u} max_fails=3 fail_timeout=5s;`));
      continue;
    }
    if (line.includes("# upstream-servers:end")) inUpstream = false;
    if (inUpstream) continue;
    if (line.includes("# redirect-server:begin")) inRedirect = true;
    if (line.includes("# redirect-server:end")) {
      inRedirect = false;
      if (!o.tls) continue;
    }
    if (inRedirect && !o.tls) continue;
    const marker = /# native: (.*)$/.exec(line)?.[1]?.trim();
    if (!marker) {
      out.push(line);
    } else if (marker === "drop") {
      continue;
    } else if (marker === "tls") {
      if (o.tls) out.push(line.replace(/\s*# native: tls$/, ""));
    } else if (marker === "pid") {
      out.push(`${indent}pid ${o.dir}/nginx.pid;`);
    } else if (marker === "error_log") {
      out.push(`${indent}error_log ${o.dir}/error.log warn;`);
    } else if (marker === "access_log") {
      out.push(`${indent}access_log ${o.dir}/access.log json;`);
    } else if (marker === "acme root") {
      out.push(`${indent}root ${o.dir}/acme;`);
    } else if (marker === "listen") {
      out.push(`${indent}listen 127.0.0.1:${o.port} backlog=4096;`);
    } else if (marker === "listen-tls") {
      out.push(
        o.tls
          ? `${indent}listen 127.0.0.1:${o.tls.port} ssl http2 backlog=4096;`
          : `${indent}listen 127.0.0.1:${o.port} backlog=4096;`,
      );
    } else if (marker === "ssl_certificate" || marker === "ssl_certificate_key") {
      if (o.tls) out.push(`${indent}${marker} ${marker === "ssl_certificate" ? o.tls.cert : o.tls.key};`);
    } else if (marker === "ssl_trusted_certificate") {
      if (o.tls) out.push(`${indent}ssl_trusted_certificate ${o.tls.chain};`);
    } else if (marker === "temp paths") {
      for (const t of ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]) {
        out.push(`${indent}${t}_temp_path ${o.dir}/${t}_temp;`);
      }
    } else {
      out.push(`${indent}${marker}`);
    }
  }
  if (inUpstream) throw new Error("deploy/nginx.conf: upstream-servers:begin without end");
  if (inRedirect) throw new Error("deploy/nginx.conf: redirect-server:begin without end");
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
  tls?: NativeTls;
}): Promise<NativeNginx> {
  if (!existsSync(NGINX_BIN)) throw new Error(`${NGINX_BIN} not found: install Debian's nginx package`);
  await mkdir(o.dir, { recursive: true });
  const conf = path.join(o.dir, "nginx.conf");
  await writeFile(conf, renderNativeConfig(await readFile(NGINX_CONF, "utf8"), o));
  const args = ["-e", path.join(o.dir, "error.log"), "-p", o.dir, "-c", conf];
  const test = await run(spawn(NGINX_BIN, [...args, "-t", "-q"], { stdio: ["ignore", "pipe", "pipe"] }));
  if (test.code !== 0) throw new Error(`nginx -t failed:\n${test.output}`);
  const child = spawn(NGINX_BIN, [...args, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  const url = o.tls ? `https://127.0.0.1:${o.tls.port}` : `http://127.0.0.1:${o.port}`;
  // With TLS, :port only redirects; nginx is up once it answers there (the https side is the caller's to check).
  await waitForHttp(o.tls ? `http://127.0.0.1:${o.port}/healthz` : `${url}/healthz`, 10_000, child);
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
      const res = await fetch(url, { redirect: "manual" });
      if (res.ok || res.status === 301) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not answer ${url} within ${ms} ms: ${stderr.join("")}`);
}
