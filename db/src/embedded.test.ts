import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import postgres from "postgres";
import { afterAll, expect, test } from "vitest";
import { startEmbeddedPostgres } from "./embedded.ts";

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
    import { startEmbeddedPostgres } from ${JSON.stringify(EMBEDDED)};
    await startEmbeddedPostgres(${JSON.stringify(dir)});
    console.log("ready");
    ${then === "exit" ? "process.exit(3);" : "setInterval(() => {}, 1000);"}`;
  const child = spawn(process.execPath, ["--input-type=module", "-e", code], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = once(child, "exit") as Promise<[number | null]>;
  let out = "";
  child.stdout!.on("data", (d) => (out += String(d)));
  await new Promise<void>((resolve, reject) => {
    const t = setInterval(() => out.includes("ready") && (clearInterval(t), resolve()), 50);
    child.once(
      "exit",
      (c) => !out.includes("ready") && (clearInterval(t), reject(new Error(`child exited ${c}`))),
    );
  });
  const pid = Number(readFileSync(path.join(dir, "postmaster.pid"), "utf8").split("\n")[0]);
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
