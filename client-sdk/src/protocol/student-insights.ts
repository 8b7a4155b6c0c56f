import { z } from "zod";

/**
 * Additive (v1, "Standing and progress"): where a finished attempt stands among everyone who took the
 * exam, and the signed-in student's history per subject and topic. How each number is computed:
 * docs/insights.md.
 */
const id = z.uuid();
const isoTime = z.iso.datetime({ offset: true });
/** A number of points with at most two decimals, exact. */
const pointsOut = z.number();
/** A share in percent, 0..100, rounded to one decimal. */
const percent = z.number().min(0).max(100);

export const scoreBucketSchema = z.object({
  from: pointsOut,
  to: pointsOut,
  count: z.number().int().min(0),
});
export type ScoreBucket = z.infer<typeof scoreBucketSchema>;

/** `GET /attempts/:id/standing` (owner, admin): the contract's three numbers, then the extensions. */
export const attemptStandingResponse = z
  .object({
    rank: z.number().int().min(1).describe("competition order: equal scores share a rank (1, 2, 2, 4)"),
    of: z.number().int().min(1).describe("students counted: each one's best finished attempt once"),
    percentile: percent.describe("100 × (students with a lower score) / of, rounded to one decimal"),
    score: pointsOut.describe("this attempt's score"),
    best: pointsOut.describe("the student's best finished score on this exam"),
    maxScore: pointsOut,
    distribution: z
      .object({
        buckets: z.array(scoreBucketSchema),
        you: z.number().int().min(0).describe("index of the bucket holding this attempt's score"),
      })
      .describe(
        "the counted scores in equal buckets from 0 to maxScore (the last includes maxScore), " +
          "with this attempt in place of the student's best",
      ),
  })
  .describe(
    "Where a finished (submitted or expired) attempt stands among the students who finished the exam. " +
      "An attempt that is not the student's best is placed as if it were.",
  );
export type AttemptStanding = z.infer<typeof attemptStandingResponse>;

/** One finished attempt on a time line: the whole exam's, or one subject's or topic's part of it. */
export const progressPointSchema = z.object({
  attemptId: id,
  examId: id,
  examTitle: z.string(),
  at: isoTime,
  score: pointsOut,
  maxScore: pointsOut,
  percent,
});
export type ProgressPoint = z.infer<typeof progressPointSchema>;

const areaFields = {
  correct: z.number().int().min(0),
  total: z.number().int().min(0),
  accuracy: percent.describe("100 × correct / total over every finished attempt, one decimal"),
  score: pointsOut,
  maxScore: pointsOut,
  history: z.array(progressPointSchema).describe("oldest first"),
};

export const subjectProgressSchema = z.object({
  subjectId: id,
  code: z.string(),
  name: z.string(),
  ...areaFields,
});
export type SubjectProgress = z.infer<typeof subjectProgressSchema>;

export const topicProgressSchema = z.object({
  topicId: z.string(),
  path: z.string().describe("the topic's place in the tree, outermost first, joined with ' › '"),
  ...areaFields,
});
export type TopicProgress = z.infer<typeof topicProgressSchema>;

export const practiceExamSchema = z.object({ examId: id, title: z.string(), priceUzs: z.number().int() });
export type PracticeExam = z.infer<typeof practiceExamSchema>;

export const weakAreaSchema = z.object({
  kind: z.enum(["subject", "topic"]),
  id: z.string(),
  name: z.string(),
  correct: z.number().int(),
  total: z.number().int(),
  accuracy: percent,
  practice: z
    .array(practiceExamSchema)
    .describe("published self-paced exams open now with questions of this area, at most three"),
});
export type WeakArea = z.infer<typeof weakAreaSchema>;

/** `GET /me/progress`: the signed-in student's finished attempts (of exams that show scores). */
export const myProgressResponse = z.object({
  attempts: z.array(progressPointSchema).describe("every finished attempt, oldest first"),
  subjects: z.array(subjectProgressSchema),
  topics: z
    .array(topicProgressSchema)
    .describe("per topic, once results carry a topic breakdown; empty before"),
  weakest: z
    .array(weakAreaSchema)
    .max(5)
    .describe("the five weakest topics (subjects while no result has topics), weakest first"),
});
export type MyProgress = z.infer<typeof myProgressResponse>;
