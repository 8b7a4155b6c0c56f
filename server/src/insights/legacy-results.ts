import {
  legacyResultItem,
  type LegacyImportResult,
  type LegacyResult,
  type LegacyResultItem,
} from "@imtihon/client-sdk/protocol";
import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";
import { createHash } from "node:crypto";

// A result from the old site is plausible only between the site's first year and tomorrow.
const EARLIEST = Date.parse("2000-01-01T00:00:00Z");
const FUTURE_SLACK_MS = 86_400_000;

interface Normalized {
  takenAt: Date;
  subject: string | null;
  direction: string | null;
  testName: string | null;
  score: number;
  maxScore: number;
  correct: number | null;
  total: number | null;
}

/** A date alone is a Tashkent day: its midnight there. */
function takenAt(value: string): Date {
  return new Date(value.length === 10 ? `${value}T00:00:00+05:00` : value);
}

function normalize(item: LegacyResultItem): Normalized {
  return {
    takenAt: takenAt(item.takenAt),
    subject: item.subject ?? null,
    direction: item.direction ?? null,
    testName: item.testName ?? null,
    score: Math.round(item.score * 100),
    maxScore: Math.round(item.maxScore * 100),
    correct: item.correct ?? null,
    total: item.total ?? null,
  };
}

/**
 * The item's identity: every field, normalized (the instant in UTC, points in hundredths), so the
 * same stored entry hashes the same from any browser, in any order, on any retry.
 */
export function legacyHash(n: Normalized): string {
  const canonical = JSON.stringify([
    n.takenAt.toISOString(),
    n.subject,
    n.direction,
    n.testName,
    n.score,
    n.maxScore,
    n.correct,
    n.total,
  ]);
  return createHash("sha256").update(canonical).digest("hex");
}

/**
 * Validates each item on its own, stores the valid ones as `source = legacy` for this student and
 * counts the rest: an item whose hash is already stored for this student (an earlier import, a
 * retried chunk, a repeat in this chunk) is a duplicate, never a second row.
 */
export async function importLegacyResults(
  db: Kysely<Database>,
  userId: string,
  items: unknown[],
  now = Date.now(),
): Promise<LegacyImportResult> {
  const rejected: LegacyImportResult["rejected"] = [];
  const rows: (Normalized & { hash: string })[] = [];
  items.forEach((raw, index) => {
    const parsed = legacyResultItem.safeParse(raw);
    if (!parsed.success) {
      const reason = parsed.error.issues
        .map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message))
        .join("; ");
      rejected.push({ index, reason });
      return;
    }
    const n = normalize(parsed.data);
    const at = n.takenAt.getTime();
    if (!(at >= EARLIEST && at <= now + FUTURE_SLACK_MS)) {
      rejected.push({ index, reason: "takenAt: not a plausible date (2000 to today)" });
      return;
    }
    rows.push({ ...n, hash: legacyHash(n) });
  });
  if (!rows.length) return { imported: 0, duplicates: 0, rejected };
  const inserted = await db
    .insertInto("legacy_results")
    .values(
      rows.map((r) => ({
        user_id: userId,
        taken_at: r.takenAt,
        subject: r.subject,
        direction: r.direction,
        test_name: r.testName,
        score: r.score,
        max_score: r.maxScore,
        correct: r.correct,
        total: r.total,
        hash: r.hash,
      })),
    )
    .onConflict((oc) => oc.columns(["user_id", "hash"]).doNothing())
    .returning("id")
    .execute();
  return { imported: inserted.length, duplicates: rows.length - inserted.length, rejected };
}

export async function listLegacyResults(db: Kysely<Database>, userId: string): Promise<LegacyResult[]> {
  const rows = await db
    .selectFrom("legacy_results")
    .selectAll()
    .where("user_id", "=", userId)
    .orderBy("taken_at", "desc")
    .orderBy("id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    takenAt: r.taken_at.toISOString(),
    subject: r.subject,
    direction: r.direction,
    testName: r.test_name,
    score: r.score / 100,
    maxScore: r.max_score / 100,
    correct: r.correct,
    total: r.total,
    source: r.source,
    importedAt: r.imported_at.toISOString(),
  }));
}
