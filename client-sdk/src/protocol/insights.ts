import { z } from "zod";

/**
 * Additive (issue 15): official passing scores ("o'tish ballari") and the student's admission view,
 * and the certificate-style (Rasch) scaling of an exam. docs/insights.md explains every number.
 */
const id = z.uuid();
const lowerId = z.uuid().overwrite((s) => s.toLowerCase());
const isoTime = z.iso.datetime({ offset: true });

/** DTM study forms: day, extramural, evening. */
export const STUDY_FORMS = ["kunduzgi", "sirtqi", "kechki"] as const;
export type StudyForm = (typeof STUDY_FORMS)[number];
/** Languages of instruction: Uzbek, Russian, Karakalpak, Kazakh, Kyrgyz, Tajik, Turkmen, English. */
export const STUDY_LANGUAGES = ["uz", "ru", "kaa", "kk", "ky", "tg", "tk", "en"] as const;
export type StudyLanguage = (typeof STUDY_LANGUAGES)[number];
/** A full DTM sheet: every score is brought to this scale before it is compared with a passing score. */
export const DTM_MAX_SCORE = 189;
/** How many of the latest finished attempts the estimate averages. */
export const ADMISSION_ATTEMPTS = 3;
/** Within this many points below a line the student is "close". */
export const ADMISSION_MARGIN = 10;

export const passingScoreSchema = z.object({
  id,
  year: z.number().int(),
  university: z.string(),
  directionId: id,
  directionCode: z.string(),
  form: z.enum(STUDY_FORMS),
  language: z.enum(STUDY_LANGUAGES),
  grantScore: z.number().nullable().describe("the grant (state-funded) line; null: no grant places"),
  contractScore: z.number().nullable().describe("the contract (paid) line; null: no contract places"),
  demo: z.boolean().describe("a demo figure from the seed, not an official one"),
  updatedAt: isoTime,
});
export type PassingScore = z.infer<typeof passingScoreSchema>;

export const passingScoresQuery = z.strictObject({
  directionId: lowerId.optional(),
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});
export const passingScoresResponse = z.object({ items: z.array(passingScoreSchema) });

/** `POST /admin/passing-scores/import`: the CSV file's text (columns in docs/insights.md). */
export const importPassingScoresBody = z.strictObject({ csv: z.string().min(1).max(1_000_000) });

/** Why a row was refused; the web client words each code in the user's language. */
export const PASSING_SCORE_ROW_ERRORS = [
  "header",
  "columns",
  "year",
  "university",
  "direction",
  "form",
  "language",
  "score",
  "no_score",
  "grant_below_contract",
  "duplicate",
] as const;
export type PassingScoreRowError = (typeof PASSING_SCORE_ROW_ERRORS)[number];

export const importPassingScoresResponse = z.object({
  rows: z.number().int().describe("data rows read (the header excluded)"),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int().describe("rows equal to what was stored: re-importing a file changes nothing"),
  errors: z.array(
    z.object({
      line: z.number().int().describe("line in the file; the header is line 1"),
      code: z.enum(PASSING_SCORE_ROW_ERRORS),
      column: z.string().nullable(),
      value: z.string().nullable(),
      duplicateOf: z.number().int().nullable().describe("for `duplicate`: the line it repeats"),
    }),
  ),
});
export type ImportPassingScoresResult = z.infer<typeof importPassingScoresResponse>;

export const admissionQuery = z.strictObject({
  directionId: lowerId,
  year: z.coerce.number().int().min(2000).max(2100).optional(),
});

export const ADMISSION_STATUSES = ["grant", "contract", "close", "far", "unknown"] as const;
export type AdmissionStatus = (typeof ADMISSION_STATUSES)[number];

export const admissionResponse = z.object({
  directionId: id,
  margin: z.number(),
  year: z.number().int().nullable().describe("the year compared with (the latest with figures unless asked)"),
  years: z.array(z.number().int()),
  estimate: z
    .object({
      score: z.number().describe("mean DTM-scale score of the attempts below"),
      min: z.number(),
      max: z.number(),
      stdDev: z.number().describe("population standard deviation"),
      attempts: z.array(
        z.object({
          attemptId: id,
          examId: id,
          examTitle: z.string(),
          score: z.number(),
          maxScore: z.number(),
          dtmScore: z.number().describe("score / maxScore × 189"),
          submittedAt: isoTime,
        }),
      ),
    })
    .nullable()
    .describe("null: no finished attempt in this direction yet"),
  items: z.array(
    z.object({
      id,
      university: z.string(),
      form: z.enum(STUDY_FORMS),
      language: z.enum(STUDY_LANGUAGES),
      grantScore: z.number().nullable(),
      contractScore: z.number().nullable(),
      demo: z.boolean(),
      status: z.enum(ADMISSION_STATUSES),
      gapToGrant: z
        .number()
        .nullable()
        .describe("points still missing for the grant line; null when cleared"),
      gapToContract: z.number().nullable(),
    }),
  ),
});
export type AdmissionView = z.infer<typeof admissionResponse>;

/** The national certificate's grade bands on the 0–100 scale. */
export const CERTIFICATE_GRADES = ["A+", "A", "B+", "B", "C+", "C"] as const;
export type CertificateGrade = (typeof CERTIFICATE_GRADES)[number];

export const certificateItemSchema = z.object({
  questionId: id,
  position: z.number().int(),
  difficulty: z.number().nullable().describe("logits, items centred at 0"),
  se: z.number().nullable(),
  infit: z.number().nullable().describe("information-weighted mean square (expected 1)"),
  outfit: z.number().nullable().describe("unweighted mean square (expected 1)"),
  extreme: z.enum(["all_right", "all_wrong"]).nullable(),
});
export const certificateEstimateResponse = z.object({
  examId: id,
  method: z.literal("jml"),
  persons: z.number().int().describe("finished attempts used"),
  extremePersons: z.number().int().describe("attempts with every item right or every item wrong"),
  iterations: z.number().int(),
  converged: z.boolean(),
  durationMs: z.number().int(),
  computedAt: isoTime,
  items: z.array(certificateItemSchema),
});
export type CertificateEstimate = z.infer<typeof certificateEstimateResponse>;

export const attemptCertificateResponse = z.object({
  attemptId: id,
  ability: z.number().describe("logits"),
  se: z.number().nullable(),
  scaled: z.number().describe("50 + 10 × ability, within 0..100, one decimal"),
  grade: z.enum(CERTIFICATE_GRADES).nullable().describe("null: below 46, no grade"),
  extreme: z.enum(["min", "max"]).nullable(),
  computedAt: isoTime,
});
export type AttemptCertificate = z.infer<typeof attemptCertificateResponse>;
