import { sql, type Kysely } from "kysely";

// Figures for questions, stored once per content: the id is the sha256 (hex) of the stored bytes,
// which are already re-encoded (server/src/media/). In Postgres, so every node of a cluster serves
// every image with no extra service; the URL never changes for the same bytes, so caches keep them
// for a year. `alt` is the first uploader's text (markup carries its own alt with each use).
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table media (
      id text primary key check (id ~ '^[0-9a-f]{64}$'),
      mime text not null check (mime in ('image/webp', 'image/png', 'image/jpeg')),
      width integer not null check (width > 0),
      height integer not null check (height > 0),
      size integer not null check (size > 0),
      bytes bytea not null,
      alt text not null,
      created_by uuid references users (id) on delete set null,
      created_at timestamptz not null default now()
    )
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists media`.execute(db);
}
