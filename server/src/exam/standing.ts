import type { AttemptStanding, ScoreBucket } from "@imtihon/client-sdk/protocol";
import { sql } from "kysely";
import type { Principal } from "../auth/principal.ts";
import type { AppContext } from "../context.ts";
import { AppError, forbidden, notFound } from "../errors.ts";
import { toPoints } from "./points.ts";
import { FINISHED } from "./standing-record.ts";
import { studentMaySeeScore } from "./views.ts";

/** At most this many buckets, each a round number of points wide (a DTM sheet: 0–10, …, 180–189). */
const MAX_BUCKETS = 20;
const NICE_WIDTHS = [1, 2, 5, 10, 20, 25, 50, 100, 200, 500, 1000].map((p) => p * 100);

export interface ScoreCount {
  /** Hundredths. */
  score: number;
  students: number;
}

/** The bucket width in hundredths: the narrowest round width giving at most MAX_BUCKETS buckets. */
export function bucketWidth(maxScore: number): number {
  return NICE_WIDTHS.find((w) => maxScore / w <= MAX_BUCKETS) ?? Math.ceil(maxScore / MAX_BUCKETS);
}

export function bucketCount(maxScore: number): number {
  return Math.max(1, Math.ceil(maxScore / bucketWidth(maxScore)));
}

/** Buckets start at 0 and are `bucketWidth` wide; the last one ends at (and includes) `maxScore`. */
export function bucketOf(score: number, maxScore: number): number {
  return Math.min(bucketCount(maxScore) - 1, Math.max(0, Math.floor(score / bucketWidth(maxScore))));
}

/** One bucket of the counted best scores, as the standing query sums it (relative to `mine`). */
export interface BucketSum {
  bucket: number;
  students: number;
  /** Of those, with a best score above / below `mine`. */
  higher: number;
  lower: number;
}

/** The per-bucket sums of per-score counts: what the standing query computes in Postgres. */
export function bucketSums(counts: ScoreCount[], mine: number, maxScore: number): BucketSum[] {
  const sums = new Map<number, BucketSum>();
  for (const c of counts) {
    if (c.students <= 0) continue;
    const bucket = bucketOf(c.score, maxScore);
    const s = sums.get(bucket) ?? { bucket, students: 0, higher: 0, lower: 0 };
    s.students += c.students;
    if (c.score > mine) s.higher += c.students;
    else if (c.score < mine) s.lower += c.students;
    sums.set(bucket, s);
  }
  return [...sums.values()];
}

/**
 * The contract's numbers from the exam's per-bucket sums of best scores. The student's own best
 * (`ownBest`, null when they have none yet) is taken out and `mine` put in its place, so an attempt
 * that is not the student's best is placed as if it were, and `of` still counts each student once.
 */
export function standingFrom(
  sums: BucketSum[],
  mine: number,
  ownBest: number | null,
  maxScore: number,
): Omit<AttemptStanding, "best" | "score" | "maxScore"> & { higher: number; lower: number } {
  const n = bucketCount(maxScore);
  const width = bucketWidth(maxScore);
  const buckets = Array.from({ length: n }, () => 0);
  let higher = 0;
  let lower = 0;
  let of = 0;
  for (const b of sums) {
    of += b.students;
    higher += b.higher;
    lower += b.lower;
    const i = Math.min(n - 1, Math.max(0, b.bucket));
    buckets[i]! += b.students;
  }
  // Clamped: a count table that lost a row (restored from an older backup) must not give rank 0.
  if (ownBest !== null && of > 0) {
    of -= 1;
    if (ownBest > mine) higher = Math.max(0, higher - 1);
    else if (ownBest < mine) lower = Math.max(0, lower - 1);
    const b = bucketOf(ownBest, maxScore);
    buckets[b] = Math.max(0, buckets[b]! - 1);
  }
  of += 1;
  const you = bucketOf(mine, maxScore);
  buckets[you]! += 1;
  const edges: ScoreBucket[] = buckets.map((count, i) => ({
    from: toPoints(i * width),
    to: toPoints(Math.min(maxScore, (i + 1) * width)),
    count,
  }));
  return {
    rank: higher + 1,
    of,
    // Integer arithmetic first: 100 × lower / of to one decimal, half up.
    percentile: Math.round((1000 * lower) / of) / 10,
    distribution: { buckets: edges, you },
    higher,
    lower,
  };
}

/**
 * `GET /attempts/:id/standing`: for its owner or an admin; anyone else gets not_found, as for the
 * attempt itself. Only a finished (submitted or expired) attempt has a standing; a student does not
 * see one on an exam whose review policy hides scores. Beside the attempt, two reads: the exam's
 * per-score counts summed into at most 20 buckets (a DTM sheet has at most ~1,900 distinct scores,
 * however many students took it) and the student's own best by primary key.
 */
export async function attemptStanding(
  ctx: AppContext,
  p: Principal,
  attemptId: string,
): Promise<AttemptStanding> {
  const a = await ctx.db
    .selectFrom("attempts as a")
    .innerJoin("exams as e", "e.id", "a.exam_id")
    .select(["a.exam_id", "a.user_id", "a.status", "a.score", "e.max_score", "e.review"])
    .where("a.id", "=", attemptId)
    .executeTakeFirst();
  const owner = a?.user_id === p.userId;
  if (!a || (!owner && p.role !== "admin")) throw notFound("attempt");
  if (p.role !== "admin" && !studentMaySeeScore(a.review))
    throw forbidden("this exam does not show scores, so it shows no standing either");
  if (!(FINISHED as readonly string[]).includes(a.status) || a.score === null)
    throw new AppError("conflict", "only a submitted or expired attempt has a standing");
  // Summed in Postgres: at most 20 rows come back, whatever the number of distinct scores.
  const width = bucketWidth(a.max_score);
  const last = bucketCount(a.max_score) - 1;
  const [sums, best] = await Promise.all([
    sql<BucketSum>`
      select least(score / ${width}::int, ${last}::int) as bucket, sum(students)::int as students,
        coalesce(sum(students) filter (where score > ${a.score}::int), 0)::int as higher,
        coalesce(sum(students) filter (where score < ${a.score}::int), 0)::int as lower
      from exam_score_counts where exam_id = ${a.exam_id} and students > 0
      group by 1`.execute(ctx.db),
    ctx.db
      .selectFrom("exam_best_scores")
      .select("score")
      .where("exam_id", "=", a.exam_id)
      .where("user_id", "=", a.user_id)
      .executeTakeFirst(),
  ]);
  const ownBest = best?.score ?? null;
  const s = standingFrom(sums.rows, a.score, ownBest, a.max_score);
  return {
    rank: s.rank,
    of: s.of,
    percentile: s.percentile,
    score: toPoints(a.score),
    best: toPoints(Math.max(a.score, ownBest ?? a.score)),
    maxScore: toPoints(a.max_score),
    distribution: s.distribution,
  };
}
