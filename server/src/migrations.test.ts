import { migrateToLatest, migrations } from "@imtihon/db";
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
});
