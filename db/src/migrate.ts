import { Kysely, Migrator, type Migration, type MigrationResultSet } from "kysely";
import { PostgresJSDialect } from "kysely-postgres-js";
import postgres from "postgres";
import * as initial from "./migrations/2026-11-25-initial.ts";
import * as payments from "./migrations/2026-11-29-payments.ts";
import * as planStableIndexes from "./migrations/2026-11-29-plan-stable-indexes.ts";
import * as richQuestions from "./migrations/2026-11-30-rich-questions.ts";
import * as media from "./migrations/2026-11-30-media.ts";
import * as admission from "./migrations/2026-11-30-admission.ts";
import * as certificate from "./migrations/2026-11-30-certificate.ts";
import * as standing from "./migrations/2026-11-30-standing.ts";
import * as dashboard from "./migrations/2026-11-30-dashboard.ts";
import * as legacyResults from "./migrations/2026-11-30-legacy-results.ts";

/** The explicit, ordered list of migrations. Append only. */
export const migrations: Record<string, Migration> = {
  "2026-11-25-initial": initial,
  "2026-11-29-payments": payments,
  "2026-11-29-plan-stable-indexes": planStableIndexes,
  "2026-11-30-rich-questions": richQuestions,
  "2026-11-30-media": media,
  "2026-11-30-admission": admission,
  "2026-11-30-certificate": certificate,
  "2026-11-30-standing": standing,
  "2026-11-30-dashboard": dashboard,
  "2026-11-30-legacy-results": legacyResults,
};

// Arbitrary constant: every Imtihon node takes this session-level advisory lock around
// migration, so several nodes starting together migrate once and the rest wait.
const MIGRATION_LOCK_KEY = 726_1125;

export async function migrateToLatest(databaseUrl: string): Promise<MigrationResultSet> {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  const db = new Kysely<unknown>({ dialect: new PostgresJSDialect({ postgres: sql }) });
  try {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
    try {
      const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
      const result = await migrator.migrateToLatest();
      if (result.error) throw result.error;
      return result;
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
    }
  } finally {
    await db.destroy();
  }
}
