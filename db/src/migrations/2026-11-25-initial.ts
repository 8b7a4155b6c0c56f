import { sql, type Kysely } from "kysely";

// Migrations are typed Kysely<any> so they stay frozen in time: later changes to the
// Database interface must not change what an old migration does.
// Points are stored as integer hundredths (1.1 points = 110) so sums are exact.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table users (
      id uuid primary key default gen_random_uuid(),
      email text not null,
      password_hash text not null,
      full_name text not null,
      role text not null check (role in ('student', 'proctor', 'admin')),
      token_version integer not null default 0,
      disabled_at timestamptz,
      created_at timestamptz not null default now()
    );
    create unique index users_email_key on users (lower(email));

    create table refresh_tokens (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id) on delete cascade,
      family_id uuid not null,
      token_hash bytea not null unique,
      expires_at timestamptz not null,
      rotated_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index refresh_tokens_family_idx on refresh_tokens (family_id);
    create index refresh_tokens_user_idx on refresh_tokens (user_id);

    create table subjects (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null,
      created_at timestamptz not null default now()
    );

    create table directions (
      id uuid primary key default gen_random_uuid(),
      code text not null unique,
      name text not null,
      created_at timestamptz not null default now()
    );

    create table direction_subjects (
      direction_id uuid not null references directions (id) on delete cascade,
      subject_id uuid not null references subjects (id),
      position integer not null,
      primary key (direction_id, subject_id)
    );

    create table questions (
      id uuid primary key default gen_random_uuid(),
      subject_id uuid not null references subjects (id),
      kind text not null check (kind in ('single', 'multiple')),
      stem text not null,
      options jsonb not null,
      correct jsonb not null,
      seed_key text unique,
      created_by uuid references users (id),
      created_at timestamptz not null default now()
    );
    create index questions_subject_idx on questions (subject_id);

    create table exams (
      id uuid primary key default gen_random_uuid(),
      title text not null,
      direction_id uuid references directions (id),
      mode text not null check (mode in ('self_paced', 'live')),
      duration_seconds integer not null check (duration_seconds > 0),
      status text not null default 'draft' check (status in ('draft', 'published')),
      shuffle_questions boolean not null default false,
      shuffle_options boolean not null default false,
      opens_at timestamptz,
      closes_at timestamptz,
      max_attempts integer,
      review text not null default 'score' check (review in ('none', 'score', 'full')),
      price_uzs integer not null default 0,
      question_count integer not null default 0,
      max_score integer not null default 0,
      seed_key text unique,
      created_by uuid references users (id),
      created_at timestamptz not null default now(),
      published_at timestamptz
    );
    create index exams_published_idx on exams (direction_id) where status = 'published';

    create table exam_sections (
      exam_id uuid not null references exams (id) on delete cascade,
      position integer not null,
      title text not null,
      subject_id uuid references subjects (id),
      points integer not null check (points >= 0),
      primary key (exam_id, position)
    );

    create table exam_questions (
      exam_id uuid not null references exams (id) on delete cascade,
      question_id uuid not null references questions (id),
      section integer not null,
      position integer not null,
      points integer not null,
      primary key (exam_id, question_id),
      unique (exam_id, position)
    );
    create index exam_questions_question_idx on exam_questions (question_id);

    create table live_sessions (
      id uuid primary key default gen_random_uuid(),
      exam_id uuid not null references exams (id),
      proctor_id uuid not null references users (id),
      state text not null default 'lobby' check (state in ('lobby', 'running', 'paused', 'ended')),
      started_at timestamptz,
      deadline_at timestamptz,
      paused_at timestamptz,
      ended_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index live_sessions_proctor_idx on live_sessions (proctor_id);

    create table attempts (
      id uuid primary key default gen_random_uuid(),
      exam_id uuid not null references exams (id),
      session_id uuid references live_sessions (id),
      user_id uuid not null references users (id),
      status text not null check (status in ('lobby', 'in_progress', 'submitted', 'expired', 'terminated')),
      started_at timestamptz,
      deadline_at timestamptz,
      paused_at timestamptz,
      submitted_at timestamptz,
      extra_seconds integer not null default 0,
      question_order uuid[] not null,
      option_order jsonb not null,
      score integer,
      max_score integer not null,
      created_at timestamptz not null default now()
    );
    create index attempts_user_exam_idx on attempts (user_id, exam_id);
    create unique index attempts_one_open_idx on attempts (user_id, exam_id, coalesce(session_id, '00000000-0000-0000-0000-000000000000'::uuid))
      where status in ('lobby', 'in_progress');
    create index attempts_due_idx on attempts (deadline_at) where status = 'in_progress';
    create index attempts_session_idx on attempts (session_id) where session_id is not null;

    create table answers (
      attempt_id uuid not null references attempts (id) on delete cascade,
      question_id uuid not null,
      response jsonb not null,
      seq integer not null,
      saved_at timestamptz not null default now(),
      primary key (attempt_id, question_id)
    );

    create table results (
      attempt_id uuid primary key references attempts (id) on delete cascade,
      score integer not null,
      max_score integer not null,
      correct integer not null,
      total integer not null,
      sections jsonb not null,
      computed_at timestamptz not null default now()
    );

    create table integrity_events (
      id bigint generated always as identity primary key,
      attempt_id uuid not null references attempts (id) on delete cascade,
      kind text not null,
      source text not null check (source in ('client', 'server')),
      at timestamptz not null,
      details jsonb,
      received_at timestamptz not null default now()
    );
    create index integrity_events_attempt_idx on integrity_events (attempt_id);

    create table proctor_actions (
      id bigint generated always as identity primary key,
      session_id uuid not null references live_sessions (id),
      attempt_id uuid references attempts (id),
      actor_id uuid not null references users (id),
      action text not null,
      details jsonb,
      at timestamptz not null default now()
    );
    create index proctor_actions_session_idx on proctor_actions (session_id);

    create table payments (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      exam_id uuid not null references exams (id),
      amount_uzs integer not null,
      status text not null check (status in ('pending', 'paid', 'refunded')),
      provider text not null,
      provider_ref text,
      created_at timestamptz not null default now(),
      paid_at timestamptz
    );
    create index payments_user_exam_idx on payments (user_id, exam_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists payments, proctor_actions, integrity_events, results, answers, attempts,
      live_sessions, exam_questions, exam_sections, exams, questions, direction_subjects, directions,
      subjects, refresh_tokens, users cascade
  `.execute(db);
}
