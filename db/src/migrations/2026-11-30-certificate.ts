import { sql, type Kysely } from "kysely";

// Certificate-style exams (issue 15): a flag on the exam, and the stored result of the last Rasch
// estimation (item difficulties with fit, one scaled score per finished attempt). Estimation runs on
// demand, never on the exam-day path; these tables are its cache.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table exams add column certificate boolean not null default false;

    create table certificate_estimates (
      exam_id uuid primary key references exams (id) on delete cascade,
      method text not null,
      persons integer not null,
      extreme_persons integer not null,
      iterations integer not null,
      converged boolean not null,
      duration_ms integer not null,
      -- [{ questionId, position, difficulty, se, infit, outfit, extreme }]
      items jsonb not null,
      computed_at timestamptz not null default now()
    );

    create table certificate_scores (
      attempt_id uuid primary key references attempts (id) on delete cascade,
      exam_id uuid not null references exams (id) on delete cascade,
      ability double precision not null,
      se double precision,
      scaled double precision not null,
      grade text check (grade in ('A+', 'A', 'B+', 'B', 'C+', 'C')),
      extreme text check (extreme in ('min', 'max')),
      computed_at timestamptz not null default now()
    );
    create index certificate_scores_exam_idx on certificate_scores (exam_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists certificate_scores, certificate_estimates;
    alter table exams drop column if exists certificate;
  `.execute(db);
}
