import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import postgres from "postgres";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { createExam, createTestDatabase, createUsers, type TestDatabase } from "@imtihon/testing";
import { connect, type DbHandle } from "./connect.ts";

// db/scripts/backup.sh and restore-verify.sh against a test database: a backup taken while answers
// are being written restores into a fresh database with equal row counts and answers checksum.

const run = promisify(execFile);
const scripts = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../scripts");
// The scripts pick a pg_dump / pg_restore that can read this server (db/scripts/pg-tools.sh); without
// one they cannot work here. Outside CI that skips these tests with what to install; in CI it fails.
const tools = await run("bash", [path.join(scripts, "pg-tools.sh"), inject("pgServerUrl")]).then(
  () => undefined,
  (err: { stderr?: string }) => (err.stderr ?? String(err)).trim().split("\n").at(-1)!,
);
const inCi = !!process.env.CI && !["0", "false"].includes(process.env.CI);
if (tools && !inCi) console.log(`[db/backup] skipping the backup script tests: ${tools}`);

describe.skipIf(!!tools && !inCi)("backup and verified restore", () => {
  let database: TestDatabase;
  let handle: DbHandle;
  let dir: string;
  const restored: string[] = [];

  beforeAll(async () => {
    if (tools) throw new Error(`CI=true and the backup scripts cannot run here: ${tools}`);
    database = await createTestDatabase();
    handle = connect(database.url, { max: 4 });
    dir = await mkdtemp(path.join(tmpdir(), "imtihon-backup-"));
    const exam = await createExam(handle.db, { sections: [{ title: "A", count: 10, points: 100 }] });
    const users = await createUsers(handle.db, 30);
    const order = exam.questions.map((q) => q.id);
    for (const u of users) {
      const [a] = await handle.sql<{ id: string }[]>`
        insert into attempts (exam_id, user_id, status, started_at, deadline_at, question_order, option_order, max_score)
        values (${exam.id}, ${u.id}, 'in_progress', now(), now() + interval '1 hour', ${order}::uuid[], '{}'::jsonb, 1000)
        returning id`;
      for (const [i, q] of order.entries()) {
        const response = { choice: i % 2 ? "a" : "b", note: "O‘zbek ✓ 🇺🇿 <b>'x'</b>" };
        await handle.sql`insert into answers (attempt_id, question_id, response, seq)
          values (${a!.id}, ${q}, ${handle.sql.json(response)}, ${i + 1})`;
      }
    }
  });
  afterAll(async () => {
    const admin = postgres(inject("pgServerUrl"), { max: 1, onnotice: () => {} });
    for (const name of restored) await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    await handle?.close();
    await database?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  test("a backup taken during writes restores exactly (counts and answers md5 equal its snapshot)", async () => {
    const out = path.join(dir, "during-writes.dump");
    // Keep changing answers while pg_dump runs: the manifest must describe the dump's own snapshot.
    let writing = true;
    let writes = 0;
    const writer = (async () => {
      for (let i = 0; writing && i < 5000; i++) {
        await handle.sql`update answers set seq = seq + 1, saved_at = clock_timestamp()
          where (attempt_id, question_id) = (select attempt_id, question_id from answers order by random() limit 1)`;
        writes++;
      }
    })();
    const started = Date.now();
    const backup = await run("bash", [path.join(scripts, "backup.sh"), database.url, out]).finally(() => {
      writing = false;
    });
    await writer;
    const backupMs = Date.now() - started;
    expect(backup.stdout.trim()).toBe(out);
    const manifest = JSON.parse(await readFile(`${out}.manifest.json`, "utf8")) as {
      tables: Record<string, number>;
      answersMd5: string;
    };
    expect(manifest.tables.answers).toBe(300);
    expect(manifest.tables.attempts).toBe(30);

    const t0 = Date.now();
    const verify = await run("bash", [path.join(scripts, "restore-verify.sh"), out, database.url, "--drop"]);
    expect(verify.stdout).toContain("verified");
    console.log(
      `[db/backup] ${manifest.tables.answers} answers, ${writes} writes during the backup, dump ${(await stat(out)).size} bytes, ` +
        `backup ${backupMs} ms, restore+verify ${Date.now() - t0} ms: counts and answers md5 equal`,
    );
  });

  test("a restore that does not match its manifest fails loudly", async () => {
    const out = path.join(dir, "tampered.dump");
    await run("bash", [path.join(scripts, "backup.sh"), database.url, out]);
    const file = `${out}.manifest.json`;
    const manifest = JSON.parse(await readFile(file, "utf8")) as { answersMd5: string };
    manifest.answersMd5 = "0".repeat(32);
    await writeFile(file, JSON.stringify(manifest));
    const failed = await run("bash", [path.join(scripts, "restore-verify.sh"), out, database.url]).then(
      () => undefined,
      (err: { code: number; stderr: string }) => err,
    );
    const name = /restoring into (\S+)/.exec(failed?.stderr ?? "")?.[1];
    if (name) restored.push(name);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain("MISMATCH");
  });
});
