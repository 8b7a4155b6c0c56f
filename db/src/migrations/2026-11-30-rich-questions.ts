import { sql, type Kysely } from "kysely";

// Issue 12: more item kinds, topics, difficulty and versions.
// - A question's key lives in the columns of its kind: `options`/`correct` (single, multiple; for
//   matching `options` holds the left items), `answer` (numeric), `accepted` (short_text),
//   `right_items` and `pairs` (matching). A check keeps each kind's key present.
// - Versions: every row is one version, `family_id` shared by all versions of a question (the first
//   version's id, set by a trigger so every insert path gets it). Editing a question a published exam
//   uses inserts version n+1; exams, attempts, answers and results keep the id (version) they saw.
// - Topics: a tree per subject; question_topics links a version to its topics.
// - Sections choose all-or-nothing or partial scoring; results keep per-question points earned
//   (`items`, for statistics) and the per-topic breakdown (`topics`), both frozen at scoring time.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    alter table questions drop constraint questions_kind_check;
    alter table questions
      add constraint questions_kind_check
        check (kind in ('single', 'multiple', 'numeric', 'short_text', 'matching')),
      add column answer jsonb,
      add column accepted jsonb,
      add column right_items jsonb,
      add column pairs jsonb,
      add column explanation text,
      add column difficulty text check (difficulty in ('easy', 'medium', 'hard')),
      add column family_id uuid,
      add column version integer not null default 1 check (version >= 1),
      add constraint questions_key_check check (case kind
        when 'numeric' then answer is not null
        when 'short_text' then accepted is not null
        when 'matching' then right_items is not null and pairs is not null
        else true end);
    update questions set family_id = id;
    alter table questions alter column family_id set not null;
    create unique index questions_family_version_idx on questions (family_id, version);

    create function questions_family_default() returns trigger language plpgsql as $$
    begin
      if new.family_id is null then new.family_id := new.id; end if;
      return new;
    end $$;
    create trigger questions_family_default before insert on questions
      for each row execute function questions_family_default();

    create table topics (
      id uuid primary key default gen_random_uuid(),
      subject_id uuid not null references subjects (id),
      parent_id uuid references topics (id),
      name text not null,
      created_at timestamptz not null default now()
    );
    create unique index topics_sibling_name_idx
      on topics (subject_id, coalesce(parent_id, '00000000-0000-0000-0000-000000000000'::uuid), lower(name));
    create index topics_parent_idx on topics (parent_id) where parent_id is not null;

    create table question_topics (
      question_id uuid not null references questions (id) on delete cascade,
      topic_id uuid not null references topics (id),
      primary key (question_id, topic_id)
    );
    create index question_topics_topic_idx on question_topics (topic_id);

    alter table exam_sections
      add column scoring text not null default 'all_or_nothing' check (scoring in ('all_or_nothing', 'partial'));
    alter table results add column items jsonb, add column topics jsonb;
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    alter table results drop column if exists items, drop column if exists topics;
    alter table exam_sections drop column if exists scoring;
    drop table if exists question_topics, topics;
    drop trigger if exists questions_family_default on questions;
    drop function if exists questions_family_default();
    delete from questions where kind not in ('single', 'multiple');
    alter table questions drop constraint if exists questions_key_check;
    drop index if exists questions_family_version_idx;
    alter table questions
      drop column answer, drop column accepted, drop column right_items, drop column pairs,
      drop column explanation, drop column difficulty, drop column family_id, drop column version;
    alter table questions drop constraint questions_kind_check;
    alter table questions add constraint questions_kind_check check (kind in ('single', 'multiple'));
  `.execute(db);
}
