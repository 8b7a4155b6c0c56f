import { z } from "zod";
import { ROLES } from "./models.ts";

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
const questionFields = {
  kind: z.enum(["single", "multiple"]),
  stem: z.string().trim().min(1).max(10_000),
  options: z.array(optionBody).min(2).max(10),
  correct: z.array(z.string().min(1).max(64)).min(1).max(10),
};
type QuestionShape = { kind: "single" | "multiple"; options: { id: string }[]; correct: string[] };

/** Option ids unique, correct ids among them, exactly one for a single-choice question. */
function checkQuestion(q: QuestionShape, ctx: z.RefinementCtx): void {
  const ids = new Set(q.options.map((o) => o.id));
  if (ids.size !== q.options.length)
    ctx.addIssue({ code: "custom", path: ["options"], message: "option ids must be unique" });
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

export const questionInput = z.strictObject({ subjectId: id, ...questionFields }).superRefine(checkQuestion);
/** `PUT /admin/questions/:id`: replaces kind, stem, options and correct (the subject stays). */
export const updateQuestionBody = z.strictObject(questionFields).superRefine(checkQuestion);
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
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});
