import { z } from "zod";
import { errorBodySchema } from "./errors.ts";
import {
  EXAM_MODES,
  type SessionView,
  type User,
  DIFFICULTIES,
  QUESTION_KINDS,
  REVIEW_POLICIES,
  SECTION_SCORINGS,
  pairSchema,
  attemptSummarySchema,
  examStatsSchema,
  sessionSchema,
  userSchema,
} from "./models.ts";

/**
 * HTTP response shapes as zod schemas: the server's OpenAPI document is generated from them and
 * tests parse real responses with them, so the docs cannot drift from the code. Clients may use
 * the inferred types.
 */
const id = z.uuid();
const isoTime = z.iso.datetime({ offset: true });
/** A number of points with at most two decimals, exact (a full DTM sheet is 189). */
const pointsOut = z.number();

export const errorResponse = z.object({ error: errorBodySchema });

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
export const directionResponse = z.object({ direction: directionSchema });
export const subjectResponse = z.object({ subject: subjectSchema });
export const subjectListResponse = z.object({ items: z.array(subjectSchema) });

export const examSummarySchema = z.object({
  id,
  title: z.string(),
  directionId: id.nullable(),
  mode: z.enum(EXAM_MODES),
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
  scoring: z.enum(SECTION_SCORINGS),
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
  review: z.enum(REVIEW_POLICIES),
  /** Certificate-style: scored with the Rasch model and the national certificate's grade bands. */
  certificate: z.boolean(),
  sections: z.array(examSectionSchema.extend({ questionIds: z.array(id) })),
});
export const adminExamResponse = z.object({ exam: adminExamSchema });
export const adminExamListResponse = z.object({ items: z.array(adminExamSchema.omit({ sections: true })) });

const textItem = z.object({ id: z.string(), text: z.string() });
/**
 * A question as its author sees it: the authoring input's fields (those of its kind), and its place
 * among its versions. `options`/`correct` are `[]` for the kinds without choices.
 */
export const adminQuestionSchema = z.object({
  id,
  subjectId: id,
  kind: z.enum(QUESTION_KINDS),
  stem: z.string(),
  options: z.array(textItem),
  correct: z.array(z.string()),
  answer: z.object({ value: z.number(), tolerance: z.number() }).optional(),
  accepted: z.array(z.string()).optional(),
  left: z.array(textItem).optional(),
  right: z.array(textItem).optional(),
  pairs: z.array(pairSchema).optional(),
  explanation: z.string().nullable(),
  topicIds: z.array(id),
  difficulty: z.enum(DIFFICULTIES).nullable(),
  /** Every version of a question shares its family id; `version` counts from 1. */
  familyId: id,
  version: z.number().int(),
  /** True once the question is in a published exam: an edit makes a new version. */
  frozen: z.boolean(),
});
export const adminQuestionsResponse = z.object({ items: z.array(adminQuestionSchema) });
export const questionResponse = z.object({ question: adminQuestionSchema });
export const questionIdsResponse = z.object({ ids: z.array(id) });

export const myAttemptsResponse = z.object({ items: z.array(attemptSummarySchema) });
export const examStatsQuery = z.strictObject({ sessionId: id.optional() });
export const examStatsResponse = examStatsSchema;

export const sessionResponse = z.object({ session: sessionSchema });
export const sessionListResponse = z.object({ items: z.array(sessionSchema) });

/** Warnings an author sees when creating or publishing an exam (additive: `warnings` may be absent). */
export const authoringWarningSchema = z.object({
  code: z.enum(["key_shared_with_open_exam"]),
  message: z.string(),
  examIds: z.array(id),
});
export type AuthoringWarning = z.infer<typeof authoringWarningSchema>;
/** POST /admin/exams and publish: the exam, and what its author should know (additive). */
export const adminExamWithWarningsResponse = adminExamResponse.extend({
  warnings: z
    .array(authoringWarningSchema)
    .optional()
    .describe(
      "e.g. a full-review exam sharing questions with another open exam: its key stays hidden until that closes",
    ),
});

export type AuthResponse = z.infer<typeof authResponse>;
export type SubjectDto = z.infer<typeof subjectSchema>;
export type DirectionDto = z.infer<typeof directionSchema>;
export type ExamSummary = z.infer<typeof examSummarySchema>;
export type ExamSection = z.infer<typeof examSectionSchema>;
export type ExamDetail = z.infer<typeof examDetailSchema>;
export type AdminExam = z.infer<typeof adminExamSchema>;
export type AdminQuestion = z.infer<typeof adminQuestionSchema>;
export type MyAttemptsResponse = z.infer<typeof myAttemptsResponse>;
/** Aliases kept for existing imports: the shapes are `User` and `SessionView`. */
export type UserDto = User;
export type SessionDto = SessionView;
