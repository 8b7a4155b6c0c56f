import { spawn, execFileSync } from "node:child_process";
import { once } from "node:events";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { connect as tcpConnect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The zero-setup start, end to end: a copy of the repository's tracked files (as committed) in a temp directory,
// `node server/src/main.ts` with no DATABASE_URL (so the embedded Postgres starts under DATA_DIR),
// sign in as the printed demo admin, find the demo DTM exam, Ctrl-C, Postgres stopped.
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
let dir: string | undefined;

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/**
 * node_modules is linked from the repository rather than installed: a full `npm install` per test
 * run is far too slow. Each package is linked one by one except our own workspaces, which point
 * at the copies, so the copied sources are what runs.
 */
async function linkNodeModules(target: string) {
  const source = path.join(ROOT, "node_modules");
  await mkdir(path.join(target, "node_modules", "@imtihon"), { recursive: true });
  for (const entry of await readdir(source)) {
    if (entry === "@imtihon" || entry === ".bin") continue;
    await symlink(path.join(source, entry), path.join(target, "node_modules", entry));
  }
  for (const pkg of await readdir(path.join(source, "@imtihon"))) {
    await symlink(path.join(target, pkg), path.join(target, "node_modules", "@imtihon", pkg));
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = tcpConnect({ host: "127.0.0.1", port });
    s.once("connect", () => (s.destroy(), resolve(true)));
    s.once("error", () => resolve(false));
  });
}

describe("npm start on a fresh clone", () => {
  it(
    "starts embedded Postgres, serves the demo catalogue, stops cleanly on SIGINT",
    { timeout: 240_000 },
    async () => {
      dir = await mkdtemp(path.join(tmpdir(), "imtihon-e2e-"));
      // As root the embedded Postgres runs as a `postgres` user, which must be able to reach DATA_DIR.
      await chmod(dir, 0o755);
      // The tracked files as committed (what a clone gets): `git archive HEAD` rather than the working
      // tree, where other engineers' half-written edits may sit beside files not yet added.
      execFileSync("sh", ["-c", `git archive --format=tar HEAD | tar -x -C "${dir}"`], { cwd: ROOT });
      await linkNodeModules(dir);

      const env: NodeJS.ProcessEnv = {
        ...process.env,
        PORT: "0",
        HOST: "127.0.0.1",
        DATA_DIR: path.join(dir, ".data"),
        LOG_LEVEL: "info",
      };
      for (const k of [
        "DATABASE_URL",
        "REDIS_URL",
        "JWT_SECRET",
        "ADMIN_EMAIL",
        "ADMIN_PASSWORD",
        "SEED_DEMO",
        "NODE_ENV",
        "REDIS_PREFIX",
      ]) {
        delete env[k];
      }
      const child = spawn(process.execPath, ["server/src/main.ts"], {
        cwd: dir,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout!.on("data", (d) => (out += String(d)));
      child.stderr!.on("data", (d) => (out += String(d)));
      const exited = once(child, "exit");
      try {
        const started = Date.now();
        while (!/Imtihon is running at (\S+)/.test(out)) {
          if (child.exitCode !== null) throw new Error(`server exited early:\n${out}`);
          if (Date.now() - started > 180_000) throw new Error(`server did not start in 180 s:\n${out}`);
          await new Promise((r) => setTimeout(r, 200));
        }
        const url = /Imtihon is running at (\S+)/.exec(out)![1]!;
        const password = /password:\s+(\S+)/.exec(out)?.[1];
        const email = /email:\s+(\S+)/.exec(out)?.[1];
        expect(email, out).toBe("admin@imtihon.local");
        expect(password, out).toBeTruthy();
        const pgPort = Number(await readFile(path.join(dir, ".data", "pg.port"), "utf8"));
        expect(await portOpen(pgPort)).toBe(true);

        let ready = await fetch(`${url}/readyz`);
        for (let i = 0; i < 50 && ready.status !== 200; i++) {
          await new Promise((r) => setTimeout(r, 200));
          ready = await fetch(`${url}/readyz`);
        }
        expect(ready.status).toBe(200);

        const login = await fetch(`${url}/api/v1/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email, password }),
        });
        expect(login.status).toBe(200);
        const { accessToken } = (await login.json()) as { accessToken: string };
        const exams = await fetch(`${url}/api/v1/exams`, {
          headers: { authorization: `Bearer ${accessToken}` },
        });
        expect(exams.status).toBe(200);
        const { items } = (await exams.json()) as {
          items: { title: string; questionCount: number; maxScore: number }[];
        };

        child.kill("SIGINT");
        const [code] = await exited;
        expect(code, out).toBe(0);
        expect(await portOpen(pgPort)).toBe(false);

        // Checked last so a missing demo exam does not hide whether shutdown works.
        const dtm = items.find((e) => e.questionCount === 90);
        expect(dtm, `no 90-question exam in ${JSON.stringify(items)}`).toBeDefined();
        expect(dtm!.maxScore).toBe(189);
      } finally {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGKILL");
          await exited;
        }
      }
    },
  );
});
