import { z } from "zod";
import { DIFFICULTIES, QUESTION_KINDS, ROLES, SECTION_SCORINGS } from "./models.ts";

/** HTTP request bodies, shared by the server (validation, OpenAPI) and clients. */
const email = z.email().max(254);
const password = z.string().min(8).max(128);
const fullName = z.string().trim().min(1).max(200);
const code = z
  .string()
  .trim()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.-]+$/, "letters, digits, _ . - only");
const name = z.string().trim().min(1).max(200);
// A UUID is case-insensitive: normalised once here so every lookup and comparison sees lower case.
const id = z.uuid().overwrite((s) => s.toLowerCase());

export const registerBody = z.strictObject({ email, password, fullName });
export const loginBody = z.strictObject({ email: z.string().max(254), password: z.string().max(128) });
export const refreshBody = z.strictObject({ refreshToken: z.string().min(1).max(512) });
export const createUserBody = z.strictObject({ email, password, fullName, role: z.enum(ROLES) });
export const createSubjectBody = z.strictObject({ code, name });
export const createDirectionBody = z.strictObject({ code, name, subjectIds: z.array(id).max(20) });

const optionBody = z.strictObject({
  id: z.string().trim().min(1).max(64),
  text: z.string().min(1).max(2000),
});
const itemId = z.string().min(1).max(64);
/** Fields every kind of question has; topics and difficulty are labels for the bank and results. */
const commonFields = {
  stem: z.string().trim().min(1).max(10_000),
  explanation: z.string().trim().max(10_000).optional(),
  topicIds: z.array(id).max(20).optional(),
  difficulty: z.enum(DIFFICULTIES).optional(),
};
const choiceFields = {
  ...commonFields,
  options: z.array(optionBody).min(2).max(10),
  correct: z.array(itemId).min(1).max(10),
};
const numericFields = {
  ...commonFields,
  /** The correct value; an answer within `tolerance` (absolute, default 0) of it is right. */
  answer: z.strictObject({ value: z.number(), tolerance: z.number().min(0).optional() }),
};
const shortTextFields = {
  ...commonFields,
  /** Accepted answers, compared after normalising (case, spaces, oʻ/gʻ apostrophes). */
  accepted: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
};
const matchingFields = {
  ...commonFields,
  left: z.array(optionBody).min(2).max(20),
  right: z.array(optionBody).min(2).max(20),
  /** `[leftId, rightId]`: every left item exactly once. */
  pairs: z
    .array(z.tuple([itemId, itemId]))
    .min(1)
    .max(20),
};
const variants = [
  z.strictObject({ kind: z.literal("single"), ...choiceFields }),
  z.strictObject({ kind: z.literal("multiple"), ...choiceFields }),
  z.strictObject({ kind: z.literal("numeric"), ...numericFields }),
  z.strictObject({ kind: z.literal("short_text"), ...shortTextFields }),
  z.strictObject({ kind: z.literal("matching"), ...matchingFields }),
] as const;
const withSubject = { subjectId: id };

type ChoiceShape = { kind: "single" | "multiple"; options: { id: string }[]; correct: string[] };
type MatchingShape = { kind: "matching"; left: { id: string }[]; right: { id: string }[]; pairs: string[][] };
type QuestionShape = ChoiceShape | MatchingShape | { kind: "numeric" | "short_text" };

function uniqueIds(items: { id: string }[], path: string, ctx: z.RefinementCtx): Set<string> {
  const ids = new Set(items.map((o) => o.id));
  if (ids.size !== items.length)
    ctx.addIssue({ code: "custom", path: [path], message: `${path} ids must be unique` });
  return ids;
}

/**
 * Choices: option ids unique, correct ids among them, exactly one for single choice. Matching: ids
 * unique per side, every pair between known items, every left item paired exactly once.
 */
function checkQuestion(q: QuestionShape, ctx: z.RefinementCtx): void {
  if (q.kind === "matching") {
    const left = uniqueIds(q.left, "left", ctx);
    const right = uniqueIds(q.right, "right", ctx);
    const seen = new Set<string>();
    for (const [i, [l, r]] of q.pairs.entries()) {
      if (!left.has(l!))
        ctx.addIssue({ code: "custom", path: ["pairs", i, 0], message: `no left item "${l}"` });
      if (!right.has(r!))
        ctx.addIssue({ code: "custom", path: ["pairs", i, 1], message: `no right item "${r}"` });
      if (seen.has(l!))
        ctx.addIssue({ code: "custom", path: ["pairs", i, 0], message: `"${l}" is paired twice` });
      seen.add(l!);
    }
    if (seen.size < left.size)
      ctx.addIssue({ code: "custom", path: ["pairs"], message: "every left item needs its pair" });
    return;
  }
  if (q.kind !== "single" && q.kind !== "multiple") return;
  const ids = uniqueIds(q.options, "options", ctx);
  for (const [i, c] of q.correct.entries()) {
    if (!ids.has(c))
      ctx.addIssue({ code: "custom", path: ["correct", i], message: `no option with id "${c}"` });
  }
  if (new Set(q.correct).size !== q.correct.length)
    ctx.addIssue({ code: "custom", path: ["correct"], message: "duplicate correct option" });
  if (q.kind === "single" && q.correct.length !== 1) {
    ctx.addIssue({
      code: "custom",
      path: ["correct"],
      message: "a single-choice question has exactly one correct option",
    });
  }
}

/** One question to author, discriminated by `kind`. */
export const questionInput = z
  .discriminatedUnion("kind", [
    variants[0].extend(withSubject),
    variants[1].extend(withSubject),
    variants[2].extend(withSubject),
    variants[3].extend(withSubject),
    variants[4].extend(withSubject),
  ])
  .superRefine(checkQuestion);
export type QuestionInput = z.infer<typeof questionInput>;
/** `PUT /admin/questions/:id`: the whole content (the subject stays). A published question gets a new version. */
export const updateQuestionBody = z.discriminatedUnion("kind", variants).superRefine(checkQuestion);
export type UpdateQuestionInput = z.infer<typeof updateQuestionBody>;
export const createQuestionsBody = z.strictObject({ items: z.array(questionInput).min(1).max(1000) });

/** Points with at most two decimals. */
export const points = z
  .number()
  .min(0)
  .max(1000)
  .refine((p) => Math.abs(Math.round(p * 100) - p * 100) < 1e-6, "at most two decimals");

export const createExamBody = z
  .strictObject({
    title: z.string().trim().min(1).max(300),
    directionId: id.optional(),
    mode: z.enum(["self_paced", "live"]),
    durationSeconds: z
      .number()
      .int()
      .min(10)
      .max(24 * 3600),
    sections: z
      .array(
        z.strictObject({
          title: z.string().trim().min(1).max(200),
          subjectId: id.optional(),
          questionIds: z.array(id).min(1).max(500),
          pointsPerQuestion: points,
          scoring: z.enum(SECTION_SCORINGS).optional(),
        }),
      )
      .min(1)
      .max(20),
    shuffleQuestions: z.boolean().optional(),
    shuffleOptions: z.boolean().optional(),
    opensAt: z.iso.datetime({ offset: true }).optional(),
    closesAt: z.iso.datetime({ offset: true }).optional(),
    maxAttempts: z.number().int().min(1).max(100).optional(),
    review: z.enum(["none", "score", "full"]).optional(),
    priceUzs: z.number().int().min(0).max(100_000_000).optional(),
    certificate: z.boolean().optional(),
  })
  .superRefine((e, ctx) => {
    const all = e.sections.flatMap((s) => s.questionIds);
    if (new Set(all).size !== all.length)
      ctx.addIssue({ code: "custom", path: ["sections"], message: "a question appears twice" });
    if (e.opensAt && e.closesAt && Date.parse(e.opensAt) >= Date.parse(e.closesAt)) {
      ctx.addIssue({ code: "custom", path: ["closesAt"], message: "closesAt must be after opensAt" });
    }
  });
export const createSessionBody = z.strictObject({ examId: id });
export const examListQuery = z.strictObject({ directionId: id.optional() });

/** `POST /me/password`: every session of the user ends (token version bump, refresh families revoked). */
export const changePasswordBody = z.strictObject({
  currentPassword: z.string().max(128),
  newPassword: password,
});
/** `GET /admin/questions` query. */
export const adminQuestionsQuery = z.strictObject({
  subjectId: id.optional(),
  /** This topic or any topic below it. */
  topicId: id.optional(),
  kind: z.enum(QUESTION_KINDS).optional(),
  difficulty: z.enum(DIFFICULTIES).optional(),
  /** Words of the stem (case-insensitive substring). */
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});
