import { z } from "zod";
import { ATTEMPT_STATUSES, ROLES, SESSION_STATES } from "./models.ts";

/**
 * HTTP response shapes as zod schemas: the server's OpenAPI document is generated from them and
 * tests parse real responses with them, so the docs cannot drift from the code. Clients may use
 * the inferred types.
 */
const id = z.uuid();
const isoTime = z.iso.datetime({ offset: true });
/** A number of points with at most two decimals, exact (a full DTM sheet is 189). */
const pointsOut = z.number();

export const errorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});

export const userSchema = z.object({ id, email: z.string(), fullName: z.string(), role: z.enum(ROLES) });
export const authResponse = z.object({
  user: userSchema,
  accessToken: z.string(),
  refreshToken: z.string(),
  /** Seconds the access token lives. */
  expiresIn: z.number().int(),
});
export const meResponse = z.object({ user: userSchema });
export const disabledUserResponse = z.object({ user: userSchema.extend({ disabledAt: isoTime }) });

export const subjectSchema = z.object({ id, code: z.string(), name: z.string() });
export const directionSchema = z.object({
  id,
  code: z.string(),
  name: z.string(),
  subjects: z.array(subjectSchema),
});
export const directionsResponse = z.object({ items: z.array(directionSchema) });

export const examSummarySchema = z.object({
  id,
  title: z.string(),
  directionId: id.nullable(),
  mode: z.enum(["self_paced", "live"]),
  durationSeconds: z.number().int(),
  questionCount: z.number().int(),
  maxScore: pointsOut,
  opensAt: isoTime.nullable(),
  closesAt: isoTime.nullable(),
  priceUzs: z.number().int(),
});
export const examSectionSchema = z.object({
  title: z.string(),
  subjectId: id.nullable(),
  questionCount: z.number().int(),
  pointsPerQuestion: pointsOut,
});
export const examDetailSchema = examSummarySchema.extend({ sections: z.array(examSectionSchema) });
export const examListResponse = z.object({ items: z.array(examSummarySchema) });

/** The admin's view of an exam: drafts too, settings, question ids per section. */
export const adminExamSchema = examDetailSchema.extend({
  status: z.enum(["draft", "published"]),
  publishedAt: isoTime.nullable(),
  shuffleQuestions: z.boolean(),
  shuffleOptions: z.boolean(),
  maxAttempts: z.number().int().nullable(),
  review: z.enum(["none", "score", "full"]),
  sections: z.array(examSectionSchema.extend({ questionIds: z.array(id) })),
});
export const adminExamResponse = z.object({ exam: adminExamSchema });
export const adminExamListResponse = z.object({ items: z.array(adminExamSchema.omit({ sections: true })) });

export const adminQuestionSchema = z.object({
  id,
  subjectId: id,
  kind: z.enum(["single", "multiple"]),
  stem: z.string(),
  options: z.array(z.object({ id: z.string(), text: z.string() })),
  correct: z.array(z.string()),
  /** True once the question is in a published exam: it can no longer change. */
  frozen: z.boolean(),
});
export const adminQuestionsResponse = z.object({ items: z.array(adminQuestionSchema) });
export const questionResponse = z.object({ question: adminQuestionSchema });
export const questionIdsResponse = z.object({ ids: z.array(id) });

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
export const sessionResponse = z.object({ session: sessionSchema });
export const sessionListResponse = z.object({ items: z.array(sessionSchema) });

export const attemptSummarySchema = z.object({
  id,
  examId: id,
  sessionId: id.nullable(),
  status: z.enum(ATTEMPT_STATUSES),
  startedAt: isoTime.nullable(),
  deadline: isoTime.nullable(),
  submittedAt: isoTime.nullable(),
  score: pointsOut.nullable(),
  maxScore: pointsOut,
});
export const resultSchema = z.object({
  score: pointsOut,
  maxScore: pointsOut,
  sections: z.array(
    z.object({
      title: z.string(),
      score: pointsOut,
      maxScore: pointsOut,
      correct: z.number().int(),
      total: z.number().int(),
    }),
  ),
});

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

/** Warnings an author sees when creating or publishing an exam (additive: `warnings` may be absent). */
export const authoringWarningSchema = z.object({
  code: z.enum(["key_shared_with_open_exam"]),
  message: z.string(),
  examIds: z.array(id),
});
export type AuthoringWarning = z.infer<typeof authoringWarningSchema>;

export type UserDto = z.infer<typeof userSchema>;
export type AuthResponse = z.infer<typeof authResponse>;
export type SubjectDto = z.infer<typeof subjectSchema>;
export type DirectionDto = z.infer<typeof directionSchema>;
export type ExamSummary = z.infer<typeof examSummarySchema>;
export type ExamSection = z.infer<typeof examSectionSchema>;
export type ExamDetail = z.infer<typeof examDetailSchema>;
export type AdminExam = z.infer<typeof adminExamSchema>;
export type AdminQuestion = z.infer<typeof adminQuestionSchema>;
export type SessionDto = z.infer<typeof sessionSchema>;
