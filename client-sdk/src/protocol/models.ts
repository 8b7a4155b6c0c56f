import { z } from "zod";

// In a browser, zod must not compile schemas with `new Function`: its probe for that (caught) is still
// reported as a `script-src` violation under a strict CSP (ours allows no eval). Set here, where the
// protocol's schemas are first evaluated, so it holds before any parse. Servers keep the faster JIT.
if (typeof window !== "undefined") z.config({ jitless: true });

/**
 * The protocol's models, each declared once as a zod schema; every TypeScript type is `z.infer` of
 * its schema, so the wire shape, the types and the OpenAPI document cannot drift apart. The unions
 * below are also the database's column types (`@imtihon/db` imports them).
 */
export const ROLES = ["student", "proctor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ATTEMPT_STATUSES = ["lobby", "in_progress", "submitted", "expired", "terminated"] as const;
export type AttemptStatus = (typeof ATTEMPT_STATUSES)[number];

export const SESSION_STATES = ["lobby", "running", "paused", "ended"] as const;
export type SessionState = (typeof SESSION_STATES)[number];

export const QUESTION_KINDS = ["single", "multiple", "numeric", "short_text", "matching"] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

export const DIFFICULTIES = ["easy", "medium", "hard"] as const;
export type Difficulty = (typeof DIFFICULTIES)[number];

/** How a section scores a question: all or nothing (default), or partial credit (multiple, matching). */
export const SECTION_SCORINGS = ["all_or_nothing", "partial"] as const;
export type SectionScoring = (typeof SECTION_SCORINGS)[number];

export const EXAM_MODES = ["self_paced", "live"] as const;
export type ExamMode = (typeof EXAM_MODES)[number];

export const REVIEW_POLICIES = ["none", "score", "full"] as const;
export type ReviewPolicy = (typeof REVIEW_POLICIES)[number];

export const INTEGRITY_KINDS = [
  "focus_lost",
  "visibility_hidden",
  "copy",
  "paste",
  "fullscreen_exit",
  "devtools",
] as const;
export type IntegrityKind = (typeof INTEGRITY_KINDS)[number];
/** Signals the server detects by itself, beside the student-reported kinds. */
export const SERVER_INTEGRITY_KINDS = ["multiple_connections", "ip_changed", "frequent_reconnects"] as const;
export type ServerIntegrityKind = (typeof SERVER_INTEGRITY_KINDS)[number];

const id = z.uuid();
const isoTime = z.iso.datetime({ offset: true });
/** A number of points with at most two decimals, exact (a full DTM sheet is 189). */
const pointsOut = z.number();

export const optionId = z.string().min(1).max(64);
/** A matching answer's pair: `[leftId, rightId]`. */
export const pairSchema = z.tuple([optionId, optionId]);
export const responseSchema = z.union([
  z.strictObject({ choice: optionId }),
  z.strictObject({ choices: z.array(optionId).max(16) }),
  /** numeric (`0,5`, `0.5`, `1/2`, `-3`) and short_text. */
  z.strictObject({ value: z.string().min(1).max(200) }),
  /** matching: each left item at most once. */
  z.strictObject({ pairs: z.array(pairSchema).max(20) }),
]);
export type AnswerResponse = z.infer<typeof responseSchema>;

export const userSchema = z.object({ id, email: z.string(), fullName: z.string(), role: z.enum(ROLES) });
export type User = z.infer<typeof userSchema>;

const optionView = z.object({ id: z.string(), text: z.string() });

export const questionViewSchema = z.object({
  id,
  kind: z.enum(QUESTION_KINDS),
  stem: z.string(),
  /** Choices of single/multiple; `[]` for numeric, short_text and matching. */
  options: z.array(optionView),
  /** matching only: the items to pair, each list shuffled. */
  left: z.array(optionView).optional(),
  right: z.array(optionView).optional(),
  section: z.string(),
  points: pointsOut,
});
export type QuestionView = z.infer<typeof questionViewSchema>;

export const sectionResultSchema = z.object({
  title: z.string(),
  score: pointsOut,
  maxScore: pointsOut,
  correct: z.number().int(),
  total: z.number().int(),
});
export type SectionResult = z.infer<typeof sectionResultSchema>;

/** The score of the questions tagged with one topic: what to study next. */
export const topicResultSchema = z.object({
  topicId: id,
  /** Topic names from the subject's root to this topic. */
  path: z.array(z.string()),
  score: pointsOut,
  maxScore: pointsOut,
  correct: z.number().int(),
  total: z.number().int(),
});
export type TopicResult = z.infer<typeof topicResultSchema>;

export const resultSchema = z.object({
  score: pointsOut,
  maxScore: pointsOut,
  sections: z.array(sectionResultSchema),
  topics: z
    .array(topicResultSchema)
    .optional()
    .describe(
      "per topic of the exam's questions, what to study next (absent when no question has a topic, and for attempts scored before topics existed)",
    ),
});
export type Result = z.infer<typeof resultSchema>;

/** What an attempt's view and its summary both say of it. */
const attemptCore = z.object({
  id,
  examId: id,
  sessionId: id.nullable(),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: isoTime.nullable(),
  deadline: isoTime.nullable(),
});

export const attemptViewSchema = attemptCore.extend({
  serverNow: isoTime,
  questions: z.array(questionViewSchema),
  answers: z.record(z.string(), z.object({ response: responseSchema, seq: z.number().int() })),
  /** Extension: the live session is paused; the clock stands at `deadline - pausedAt`. */
  paused: z.boolean().optional(),
  pausedAt: isoTime.nullable().optional(),
});
export type AttemptView = z.infer<typeof attemptViewSchema>;

export const attemptSummarySchema = attemptCore.extend({
  submittedAt: isoTime.nullable(),
  score: pointsOut.nullable(),
  maxScore: pointsOut,
});
export type AttemptSummary = z.infer<typeof attemptSummarySchema>;

/** A live session: one wire shape for HTTP (`/sessions`) and the proctor's socket acks. */
export const sessionSchema = z.object({
  id,
  examId: id,
  state: z.enum(SESSION_STATES),
  proctorId: id,
  startedAt: isoTime.nullable(),
  /** The common deadline while the session runs; null in the lobby. */
  deadline: isoTime.nullable(),
  endedAt: isoTime.nullable(),
  createdAt: isoTime,
});
export type SessionView = z.infer<typeof sessionSchema>;

export const rosterEntrySchema = z.object({
  attemptId: id,
  userId: id,
  fullName: z.string(),
  status: z.enum(ATTEMPT_STATUSES),
  connected: z.boolean(),
  answered: z.number().int(),
  total: z.number().int(),
  deadline: isoTime.nullable(),
  flags: z.number().int(),
  lastSeenAt: isoTime.nullable(),
});
export type RosterEntry = z.infer<typeof rosterEntrySchema>;

/** One question of a full review (GET /attempts/:id): the key, shown only when policy allows. */
export const reviewItemSchema = z.object({
  questionId: id,
  stem: z.string(),
  options: z.array(optionView),
  response: responseSchema.nullable(),
  /** The correct option ids (single, multiple); `[]` for the other kinds, whose key follows. */
  correct: z.array(z.string()),
  isCorrect: z.boolean(),
  points: pointsOut,
  kind: z.enum(QUESTION_KINDS).optional(),
  /** Points this answer earned (partial credit may give part of `points`). */
  earned: pointsOut.optional(),
  explanation: z.string().optional(),
  answer: z.object({ value: z.number(), tolerance: z.number() }).optional(),
  accepted: z.array(z.string()).optional(),
  left: z.array(optionView).optional(),
  right: z.array(optionView).optional(),
  pairs: z.array(pairSchema).optional(),
});
export type ReviewItem = z.infer<typeof reviewItemSchema>;

/**
 * Why a student's full review (the answer key) is still withheld, and when it opens: a question of the
 * attempt sits in a self-paced exam that is still open (`open_exam`; opens when the last of them
 * closes) or in a live session that has not ended (`live_session`; no date known). `opensAt` is null
 * when no date is known (an exam without a closing time, or a session).
 */
export const reviewPendingSchema = z.object({
  reason: z.enum(["open_exam", "live_session"]),
  opensAt: isoTime.nullable(),
});
export type ReviewPending = z.infer<typeof reviewPendingSchema>;

/** GET /attempts/:id: the summary, and as much of the result and review as policy shows. */
export const attemptDetailResponse = z.object({
  attempt: attemptSummarySchema,
  result: resultSchema.optional(),
  reviewPending: reviewPendingSchema
    .optional()
    .describe(
      "a full review withheld: why (`open_exam`, `live_session`) and when it opens (null: no date known)",
    ),
  review: z
    .array(reviewItemSchema)
    .optional()
    .describe(
      "per-question review with the key: for staff, and for the student when the review policy is `full` and the key can no longer help anyone (no open self-paced exam and no unfinished live session contains any of its questions)",
    ),
});
export type AttemptDetail = z.infer<typeof attemptDetailResponse>;

const nullableNumber = z.number().nullable();

export const questionStatsSchema = z.object({
  questionId: id,
  position: z.number().int(),
  section: z.number().int(),
  stem: z.string(),
  points: pointsOut,
  answered: z.number().int(),
  facility: nullableNumber.describe(
    "mean share of the question's points earned (0..1; all-or-nothing: the share that got it right)",
  ),
  discrimination: nullableNumber.describe(
    "facility in the top 27% by total score minus facility in the bottom 27% (-1..1)",
  ),
  options: z.array(optionView.extend({ count: z.number().int(), correct: z.boolean() })),
  kind: z.enum(QUESTION_KINDS).optional(),
  wrongAnswers: z
    .array(z.object({ value: z.string(), count: z.number().int() }))
    .optional()
    .describe("numeric and short_text: the most common wrong answers (normalised), most frequent first"),
  /** Additive (issue 15): from the exam's stored Rasch estimate, absent until one exists. */
  difficulty: nullableNumber.optional().describe("Rasch difficulty in logits (certificate-style exams)"),
  infit: nullableNumber.optional().describe("Rasch infit mean square (expected 1)"),
  outfit: nullableNumber.optional().describe("Rasch outfit mean square (expected 1)"),
});
export type QuestionStats = z.infer<typeof questionStatsSchema>;

/** GET /exams/:id/stats (proctor, admin). */
export const examStatsSchema = z
  .object({
    examId: id,
    attempts: z.number().int().describe("closed attempts counted (submitted, expired, terminated)"),
    maxScore: pointsOut,
    mean: nullableNumber,
    median: nullableNumber,
    stdDev: nullableNumber.describe("population standard deviation"),
    histogram: z
      .array(z.object({ from: z.number(), to: z.number(), count: z.number().int() }))
      .describe("ten equal bins from 0 to maxScore; the last includes maxScore"),
    cronbachAlpha: nullableNumber.describe(
      "internal consistency over item scores; null with fewer than two attempts or items",
    ),
    questions: z.array(questionStatsSchema),
  })
  .describe(
    "Score distribution and item analysis of an exam's closed attempts (proctor, admin); `?sessionId=` narrows it to one session.",
  );
export type ExamStats = z.infer<typeof examStatsSchema>;
