import { sql, type Kysely } from "kysely";

// The open attempts of one live session, in id order: what every session transition locks
// (start/pause/resume/end). With it the lock is an index range of that session's rows alone,
// never a scan of all open attempts of the database, whatever the statistics say.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create index attempts_session_open_idx on attempts (session_id, id)
      where status in ('lobby', 'in_progress') and session_id is not null
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists attempts_session_open_idx`.execute(db);
}
