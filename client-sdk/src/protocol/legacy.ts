import { z } from "zod";

/**
 * Results brought from the old site's LocalStorage (`POST /me/legacy-results`, docs/migration.md).
 * The SDK maps each stored entry to a `LegacyResultItem`; the server validates each item on its own,
 * so one bad entry is reported (`rejected`) without refusing its chunk.
 */
const isoTime = z.iso.datetime({ offset: true });
const text = z.string().trim().min(1).max(200);

export const LEGACY_CHUNK_MAX = 200;

export const legacyResultItem = z
  .strictObject({
    /** When the test was taken: an ISO time with offset, or a date (a Tashkent day). */
    takenAt: z.union([isoTime, z.iso.date()]),
    subject: text.optional(),
    direction: text.optional(),
    testName: text.optional(),
    /** Points (up to two decimals kept). */
    score: z.number().min(0).max(100_000),
    maxScore: z.number().positive().max(100_000),
    correct: z.number().int().min(0).max(10_000).optional(),
    total: z.number().int().positive().max(10_000).optional(),
  })
  .refine((r) => r.score <= r.maxScore, { message: "score is above maxScore", path: ["score"] })
  .refine((r) => r.correct === undefined || r.total === undefined || r.correct <= r.total, {
    message: "correct is above total",
    path: ["correct"],
  })
  .refine((r) => r.subject ?? r.direction ?? r.testName, {
    message: "one of subject, direction, testName is required",
    path: ["subject"],
  });
export type LegacyResultItem = z.infer<typeof legacyResultItem>;

/** Items stay `unknown` here: each is checked against `legacyResultItem` on its own. */
export const legacyResultsBody = z.strictObject({
  items: z.array(z.unknown()).min(1).max(LEGACY_CHUNK_MAX),
});
export type LegacyResultsBody = z.infer<typeof legacyResultsBody>;

export const legacyImportResponse = z.object({
  /** New rows stored by this call. */
  imported: z.number().int().min(0),
  /** Valid items already stored for this student (an earlier import, a retried chunk, a repeat within the chunk). */
  duplicates: z.number().int().min(0),
  /** Items refused, by their index in this call's `items`. */
  rejected: z.array(z.object({ index: z.number().int().min(0), reason: z.string() })),
});
export type LegacyImportResult = z.infer<typeof legacyImportResponse>;

export const legacyResultSchema = z.object({
  id: z.uuid(),
  takenAt: isoTime,
  subject: z.string().nullable(),
  direction: z.string().nullable(),
  testName: z.string().nullable(),
  /** Points. */
  score: z.number(),
  maxScore: z.number(),
  correct: z.number().int().nullable(),
  total: z.number().int().nullable(),
  source: z.literal("legacy"),
  importedAt: isoTime,
});
export type LegacyResult = z.infer<typeof legacyResultSchema>;
export const legacyResultsResponse = z.object({ items: z.array(legacyResultSchema) });
