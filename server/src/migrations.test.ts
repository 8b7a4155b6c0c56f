import { connect, migrateToLatest, migrations } from "@imtihon/db";
import { Migrator } from "kysely";
import postgres from "postgres";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "@imtihon/testing";

const made: TestDatabase[] = [];
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => d.drop()));
});

async function appliedMigrations(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const rows = await sql<{ name: string }[]>`select name from kysely_migration order by name`;
    return rows.map((r) => r.name);
  } finally {
    await sql.end();
  }
}

describe("migrations", () => {
  it("a second run is a no-op", async () => {
    const db = await createTestDatabase({ migrate: false });
    made.push(db);
    const first = await migrateToLatest(db.url);
    expect(first.results?.map((r) => r.status)).toEqual(Object.keys(migrations).map(() => "Success"));
    const second = await migrateToLatest(db.url);
    expect(second.results).toEqual([]);
    expect(await appliedMigrations(db.url)).toEqual(Object.keys(migrations).sort());
  });

  it("two nodes migrating a fresh database at once both succeed, and it migrates once", async () => {
    const db = await createTestDatabase({ migrate: false });
    made.push(db);
    const [a, b] = await Promise.all([migrateToLatest(db.url), migrateToLatest(db.url)]);
    const applied = [...(a.results ?? []), ...(b.results ?? [])];
    expect(applied.filter((r) => r.status === "Success")).toHaveLength(Object.keys(migrations).length);
    expect(applied.filter((r) => r.status !== "Success")).toEqual([]);
    expect(await appliedMigrations(db.url)).toEqual(Object.keys(migrations).sort());
  });

  it("2026-11-30-rich-questions: earlier questions become version 1 of their own family; each kind keeps its key", async () => {
    const db = await createTestDatabase({ migrate: false });
    made.push(db);
    const h = connect(db.url, { max: 1 });
    const sql = h.sql;
    try {
      const earlier = Object.fromEntries(
        Object.entries(migrations).filter(([name]) => name < "2026-11-30-rich-questions"),
      );
      const first = await new Migrator({
        db: h.db,
        provider: { getMigrations: async () => earlier },
      }).migrateToLatest();
      expect(first.error).toBeUndefined();
      const [subject] = await sql<
        { id: string }[]
      >`insert into subjects (code, name) values ('m', 'M') returning id`;
      const [old] = await sql<{ id: string }[]>`
        insert into questions (subject_id, kind, stem, options, correct)
        values (${subject!.id}, 'single', '?', '[{"id":"a","text":"1"},{"id":"b","text":"2"}]', '["a"]') returning id`;
      await migrateToLatest(db.url);
      const [row] =
        await sql`select family_id, version, difficulty, answer from questions where id = ${old!.id}`;
      expect(row).toEqual({ family_id: old!.id, version: 1, difficulty: null, answer: null });
      const [added] = await sql<{ id: string; family_id: string }[]>`
        insert into questions (subject_id, kind, stem, options, correct, answer)
        values (${subject!.id}, 'numeric', '?', '[]', '[]', '{"value": 0.5, "tolerance": 0}') returning id, family_id`;
      expect(added!.family_id).toBe(added!.id);
      await expect(
        sql`insert into questions (subject_id, kind, stem, options, correct) values (${subject!.id}, 'numeric', '?', '[]', '[]')`,
      ).rejects.toThrow(/questions_key_check/);
      await expect(
        sql`insert into questions (subject_id, kind, stem, options, correct) values (${subject!.id}, 'essay', '?', '[]', '[]')`,
      ).rejects.toThrow(/questions_kind_check/);
      await expect(
        sql`insert into questions (subject_id, kind, stem, options, correct, family_id, version)
          values (${subject!.id}, 'single', '?', '[]', '[]', ${old!.id}, 1)`,
      ).rejects.toThrow(/questions_family_version_idx/);
    } finally {
      await h.close();
    }
  });
});
