import { sql, type Kysely } from "kysely";

// Results a student brings from the old site's LocalStorage (docs/migration.md). Points in
// hundredths like everything else. `hash` is the item's stable fingerprint: unique per user, so an
// upload sent twice (a retried chunk, a second import) inserts nothing the second time, and two
// students may hold the same item.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table legacy_results (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      taken_at timestamptz not null,
      subject text,
      direction text,
      test_name text,
      score integer not null check (score >= 0),
      max_score integer not null check (max_score > 0 and score <= max_score),
      correct integer check (correct >= 0),
      total integer check (total > 0 and correct <= total),
      source text not null default 'legacy' check (source = 'legacy'),
      hash text not null,
      imported_at timestamptz not null default now(),
      unique (user_id, hash)
    );
    create index legacy_results_user_idx on legacy_results (user_id, taken_at desc);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists legacy_results`.execute(db);
}
