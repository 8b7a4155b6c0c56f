import { sql, type Kysely } from "kysely";

// Official passing scores per university, platform direction, study form and language, per year
// (issue 15). Scores are hundredths of a DTM point like every other score (172.5 = 17250). The
// natural key is unique so an import is an upsert and importing the same file twice changes nothing.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table passing_scores (
      id uuid primary key default gen_random_uuid(),
      year integer not null check (year between 2000 and 2100),
      university text not null check (length(university) between 1 and 300),
      direction_id uuid not null references directions (id) on delete cascade,
      form text not null check (form in ('kunduzgi', 'sirtqi', 'kechki')),
      language text not null check (language in ('uz', 'ru', 'kaa', 'kk', 'ky', 'tg', 'tk', 'en')),
      grant_score integer check (grant_score between 0 and 18900),
      contract_score integer check (contract_score between 0 and 18900),
      -- demo figures from the seed, shown as such; an import of real figures clears it
      demo boolean not null default false,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      check (grant_score is not null or contract_score is not null),
      unique (direction_id, year, university, form, language)
    );
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop table if exists passing_scores`.execute(db);
}
