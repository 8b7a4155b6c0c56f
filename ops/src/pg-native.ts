import { execFile, spawn } from "node:child_process";
import { chown, mkdir, readFile, writeFile } from "node:fs/promises";

import { promisify } from "node:util";

const run = promisify(execFile);

/** Debian's Postgres 15 binaries (PG_BIN overrides). */
export const PG_BIN = process.env.PG_BIN ?? "/usr/lib/postgresql/15/bin";

/** initdb and pgBackRest refuse root: everything runs as the `postgres` system user. */
export async function postgresUser(): Promise<{ uid: number; gid: number }> {
  const uid = Number((await run("id", ["-u", "postgres"])).stdout.trim());
  const gid = Number((await run("id", ["-g", "postgres"])).stdout.trim());
  return { uid, gid };
}

export interface Runner {
  /** Runs a command as postgres; resolves with its output, rejects with it on a non-zero exit. */
  (cmd: string, args: string[], env?: Record<string, string>): Promise<string>;
  user: { uid: number; gid: number };
}

export function runnerAs(user: { uid: number; gid: number }, baseEnv: Record<string, string>): Runner {
  const fn = (cmd: string, args: string[], env: Record<string, string> = {}) =>
    new Promise<string>((resolve, reject) => {
      const child = spawn(cmd, args, {
        uid: user.uid,
        gid: user.gid,
        env: { ...process.env, ...baseEnv, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      child.stdout.on("data", (d) => (out += String(d)));
      child.stderr.on("data", (d) => (out += String(d)));
      child.once("error", reject);
      child.once("exit", (code) =>
        code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}:\n${out}`)),
      );
    });
  return Object.assign(fn, { user });
}

/** A directory owned by postgres (mode 0700, as Postgres and pgBackRest want). */
export async function pgDir(dir: string, user: { uid: number; gid: number }): Promise<string> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chown(dir, user.uid, user.gid);
  return dir;
}

/** The settings of deploy/postgres.conf whose names match, as `name = value` lines. */
export async function settingsFrom(file: string, names: RegExp): Promise<string[]> {
  return (await readFile(file, "utf8"))
    .split("\n")
    .map((l) => l.replace(/#.*$/, "").trim())
    .filter((l) => l && names.test(l.split("=")[0]!.trim()));
}

/**
 * deploy/backup/pgbackrest.conf with some keys replaced or added, section by section (INI has no
 * inline comments, so the template cannot carry `native:` markers as the YAML files do).
 */
export function renderIni(template: string, overrides: Record<string, Record<string, string>>): string {
  const out: string[] = [];
  let section = "";
  const done = new Set<string>();
  const flush = () => {
    for (const [k, v] of Object.entries(overrides[section] ?? {}))
      if (!done.has(`${section}/${k}`)) out.push(`${k}=${v}`);
  };
  for (const line of template.split("\n")) {
    const header = /^\[(.+)\]\s*$/.exec(line);
    if (header) {
      flush();
      section = header[1]!;
      out.push(line);
      continue;
    }
    const kv = /^([a-z0-9-]+)=(.*)$/.exec(line);
    const o = kv ? overrides[section]?.[kv[1]!] : undefined;
    if (kv && o !== undefined) {
      out.push(`${kv[1]}=${o}`);
      done.add(`${section}/${kv[1]}`);
    } else out.push(line);
  }
  flush();
  return out.join("\n");
}

export async function writeOwned(file: string, text: string, user: { uid: number; gid: number }) {
  await writeFile(file, text);
  await chown(file, user.uid, user.gid);
}
