import {
  ADMISSION_ATTEMPTS,
  ADMISSION_MARGIN,
  DTM_MAX_SCORE,
  type AdmissionStatus,
  type AdmissionView,
} from "@imtihon/client-sdk/protocol";
import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";
import { notFound } from "../errors.ts";
import { toPoints } from "../exam/points.ts";

const MARGIN = ADMISSION_MARGIN * 100;
const DTM_MAX = DTM_MAX_SCORE * 100;

/**
 * The student's admission view for one direction. The estimate is the mean of their last three
 * finished attempts (submitted or expired; a terminated attempt is not a fair measure) of published
 * exams of that direction, each brought to the DTM scale (score / maxScore × 189) so a shorter
 * practice exam counts on the same footing; exams whose review policy hides the score are left out,
 * as the score would leak through here. Every figure is computed in hundredths of a point.
 */
export async function admissionView(
  db: Kysely<Database>,
  userId: string,
  directionId: string,
  year?: number,
): Promise<AdmissionView> {
  const direction = await db
    .selectFrom("directions")
    .select("id")
    .where("id", "=", directionId)
    .executeTakeFirst();
  if (!direction) throw notFound("direction");

  const attempts = await db
    .selectFrom("attempts as a")
    .innerJoin("exams as e", "e.id", "a.exam_id")
    .select(["a.id", "a.exam_id", "e.title", "a.score", "a.max_score", "a.submitted_at"])
    .where("a.user_id", "=", userId)
    .where("e.direction_id", "=", directionId)
    .where("a.status", "in", ["submitted", "expired"])
    .where("a.score", "is not", null)
    .where("a.max_score", ">", 0)
    .where("e.review", "!=", "none")
    .orderBy("a.submitted_at", "desc")
    .orderBy("a.id")
    .limit(ADMISSION_ATTEMPTS)
    .execute();
  const dtm = attempts.map((a) => Math.round((a.score! * DTM_MAX) / a.max_score));
  const mean = dtm.length ? Math.round(dtm.reduce((s, x) => s + x, 0) / dtm.length) : null;
  const sd = dtm.length ? Math.sqrt(dtm.reduce((s, x) => s + (x - mean!) ** 2, 0) / dtm.length) : 0;

  const years = (
    await db
      .selectFrom("passing_scores")
      .select("year")
      .distinct()
      .where("direction_id", "=", directionId)
      .orderBy("year", "desc")
      .execute()
  ).map((r) => r.year);
  const chosen = year ?? years[0] ?? null;
  const lines =
    chosen === null
      ? []
      : await db
          .selectFrom("passing_scores")
          .select(["id", "university", "form", "language", "grant_score", "contract_score", "demo"])
          .where("direction_id", "=", directionId)
          .where("year", "=", chosen)
          .execute();

  const items = lines.map((l) => {
    const { status, gapToGrant, gapToContract } = compare(mean, l.grant_score, l.contract_score);
    return {
      id: l.id,
      university: l.university,
      form: l.form,
      language: l.language,
      grantScore: l.grant_score === null ? null : toPoints(l.grant_score),
      contractScore: l.contract_score === null ? null : toPoints(l.contract_score),
      demo: l.demo,
      status,
      gapToGrant: gapToGrant === null ? null : toPoints(gapToGrant),
      gapToContract: gapToContract === null ? null : toPoints(gapToContract),
    };
  });
  const rank: Record<AdmissionStatus, number> = { grant: 0, contract: 1, close: 2, far: 3, unknown: 4 };
  items.sort(
    (a, b) =>
      rank[a.status] - rank[b.status] ||
      (lowest(a) ?? 0) - (lowest(b) ?? 0) ||
      a.university.localeCompare(b.university) ||
      a.form.localeCompare(b.form) ||
      a.language.localeCompare(b.language),
  );

  return {
    directionId,
    margin: ADMISSION_MARGIN,
    year: chosen,
    years,
    estimate:
      mean === null
        ? null
        : {
            score: toPoints(mean),
            min: toPoints(Math.min(...dtm)),
            max: toPoints(Math.max(...dtm)),
            stdDev: toPoints(sd),
            attempts: attempts.map((a, i) => ({
              attemptId: a.id,
              examId: a.exam_id,
              examTitle: a.title,
              score: toPoints(a.score!),
              maxScore: toPoints(a.max_score),
              dtmScore: toPoints(dtm[i]!),
              submittedAt: (a.submitted_at ?? new Date(0)).toISOString(),
            })),
          },
    items,
  };
}

const lowest = (i: { grantScore: number | null; contractScore: number | null }) =>
  i.contractScore ?? i.grantScore;

/**
 * One line pair against the estimate (all hundredths): the grant line cleared; else the contract
 * line cleared; else within the margin below the lowest line there is ("close"); else "far". Gaps
 * are the points still missing to a line, null once it is cleared or when it does not exist.
 */
export function compare(
  estimate: number | null,
  grant: number | null,
  contract: number | null,
): { status: AdmissionStatus; gapToGrant: number | null; gapToContract: number | null } {
  if (estimate === null) return { status: "unknown", gapToGrant: null, gapToContract: null };
  const gap = (line: number | null) => (line === null || estimate >= line ? null : line - estimate);
  const gapToGrant = gap(grant);
  const gapToContract = gap(contract);
  let status: AdmissionStatus;
  if (grant !== null && estimate >= grant) status = "grant";
  else if (contract !== null && estimate >= contract) status = "contract";
  else status = estimate >= (contract ?? grant!) - MARGIN ? "close" : "far";
  return { status, gapToGrant, gapToContract };
}
