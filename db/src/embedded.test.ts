import { spawn } from "node:child_process";
import { once } from "node:events";
import { chmod, lstat, mkdir, mkdtemp, readFile, realpath, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { afterAll, expect, test } from "vitest";
import { ROOT_HOME, startEmbeddedPostgres } from "./embedded.ts";

const EMBEDDED = path.join(path.dirname(fileURLToPath(import.meta.url)), "embedded.ts");
const dirs: string[] = [];

/** A scratch base directory the `postgres` system user can enter (mkdtemp makes it 0700). */
async function scratch(): Promise<string> {
  const base = await mkdtemp(path.join(tmpdir(), "imtihon-embedded-"));
  await chmod(base, 0o755);
  dirs.push(base);
  return base;
}
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

/** A child process that starts an embedded Postgres in `dir`, prints its pid, then `then`. */
async function childWithPostgres(dir: string, then: "wait" | "exit") {
  const code = `
    import { readFileSync } from "node:fs";
    import { startEmbeddedPostgres } from ${JSON.stringify(EMBEDDED)};
    await startEmbeddedPostgres(${JSON.stringify(dir)});
    // The postmaster's pid, read here: once this child exits, its Postgres (and the pid file) may be gone.
    const pid = readFileSync(${JSON.stringify(path.join(dir, "postmaster.pid"))}, "utf8").split("\\n")[0];
    console.log("ready " + pid);
    ${then === "exit" ? "process.exit(3);" : "setInterval(() => {}, 1000);"}`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit") as Promise<[number | null]>;
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  await new Promise<void>((resolve, reject) => {
    const t = setInterval(() => /ready \d+/.test(out) && (clearInterval(t), resolve()), 50);
    child.once(
      "exit",
      (c) => !out.includes("ready") && (clearInterval(t), reject(new Error(`child exited ${c}`))),
    );
  });
  const pid = Number(/ready (\d+)/.exec(out)![1]);
  return { child, pid, exited };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test("a Postgres left running by a killed run is stopped, and the next start comes up", async () => {
  const base = await scratch();
  const dir = path.join(base, "pg");
  const { child, pid, exited } = await childWithPostgres(dir, "wait");
  child.kill("SIGKILL");
  await exited;
  expect(alive(pid)).toBe(true); // orphaned, holding the data directory

  const db = await startEmbeddedPostgres(dir);
  try {
    expect(alive(pid)).toBe(false);
    const sql = postgres(db.url, { max: 1, onnotice: () => {} });
    expect((await sql`select 1 as one`)[0]).toEqual({ one: 1 });
    // UTF-8 whatever the locale of the shell, and pg_stat_statements ready for load reports.
    expect((await sql`show server_encoding`)[0]).toEqual({ server_encoding: "UTF8" });
    expect((await sql`show shared_preload_libraries`)[0]).toEqual({
      shared_preload_libraries: "pg_stat_statements",
    });
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from pg_stat_statements`;
    expect(row!.n).toBeGreaterThan(0);
    await sql.end();
  } finally {
    await db.stop();
  }
});

test("a process that ends without stop() takes its Postgres down with it", async () => {
  const base = await scratch();
  const { pid, exited } = await childWithPostgres(path.join(base, "pg"), "exit");
  const [code] = await exited;
  expect(code).toBe(3); // and the exit code is the process's own, not the exit hook's
  await expect.poll(() => alive(pid), { timeout: 10_000 }).toBe(false);
});

test("a data directory of another Postgres major version: a clear refusal, or a fresh start when asked", async () => {
  const base = await scratch();
  const dir = path.join(base, "pg");
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, "PG_VERSION"), "9\n");
  await writeFile(path.join(dir, "keep-me"), "data");
  await expect(startEmbeddedPostgres(dir)).rejects.toThrow(
    /holds a Postgres 9 database, but the embedded Postgres is \d+\. Move it aside .*mv /,
  );
  expect(await readFile(path.join(dir, "keep-me"), "utf8")).toBe("data"); // nothing touched

  const db = await startEmbeddedPostgres(dir, () => {}, { onIncompatible: "reset" });
  try {
    expect((await readFile(path.join(dir, "PG_VERSION"), "utf8")).trim()).toBe(String(db.major));
  } finally {
    await db.stop();
  }
});

// Postgres refuses root; as root it runs as the postgres user, which cannot enter a mode-700
// directory (a clone under /root): the data then lives under /var/lib/imtihon, linked from `dir`.
const asRoot = process.getuid?.() === 0;
if (!asRoot)
  console.log("[db/embedded] not root: skipping the mode-700 directory case (it only arises as root)");
test.skipIf(!asRoot)(
  "as root in a mode-700 directory the postgres user cannot enter, it starts",
  async () => {
    const base = await mkdtemp(path.join(tmpdir(), "imtihon-private-")); // mode 0700
    dirs.push(base);
    const dir = path.join(base, "project", ".data", "pg");
    const notices: string[] = [];
    const db = await startEmbeddedPostgres(dir, () => {}, { notice: (l) => notices.push(l) });
    const target = await realpath(dir);
    try {
      expect(notices.join("\n")).toContain(`keeps its data in ${target} (${dir} links to it)`);
      expect((await lstat(dir)).isSymbolicLink()).toBe(true);
      expect(target.startsWith(`${ROOT_HOME}/data/`)).toBe(true);
      const sql = postgres(db.url, { max: 1, onnotice: () => {} });
      expect((await sql`select current_user as u`)[0]).toEqual({ u: "postgres" });
      await sql.end();
    } finally {
      await db.stop();
      await rm(target, { recursive: true, force: true });
    }
    // A second start finds the same data through the link.
    const again = await startEmbeddedPostgres(dir);
    await again.stop();
    await rm(await realpath(dir), { recursive: true, force: true });
  },
);
