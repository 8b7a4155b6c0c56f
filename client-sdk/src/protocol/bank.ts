import { z } from "zod";

/** Import and export of a subject's question bank (Moodle XML, QTI packages, CSV, JSON). */
export const BANK_FORMATS = ["moodle-xml", "qti", "csv", "json"] as const;
export type BankFormat = (typeof BANK_FORMATS)[number];

/** The content type a bank file is sent with, per format. */
export const BANK_CONTENT_TYPES = {
  "moodle-xml": "application/xml",
  qti: "application/zip",
  csv: "text/csv",
  json: "application/json",
} as const satisfies Record<BankFormat, string>;

const id = z.uuid().overwrite((s) => s.toLowerCase());

/** `POST /admin/questions/import`, a multipart form. */
export const importQuestionsForm = z.strictObject({
  file: z.file().describe("Moodle XML, a QTI 2.1 or 3.0 zip package, CSV or JSON (see docs/authoring.md)"),
  format: z.enum(BANK_FORMATS),
  subjectId: id,
});

/** Why an item was rejected, for a client to say in its user's language (`reason` is English). */
export const IMPORT_REJECTION_CODES = [
  "unsupported_type",
  "no_correct",
  "several_correct",
  "not_a_number",
  "wildcard",
  "no_pairs",
  "image_missing",
  "image_invalid",
  "not_yet_supported",
  "mathml",
  "several_interactions",
  "no_interaction",
  "item_file",
  "not_object",
  "invalid",
] as const;
export type ImportRejectionCode = (typeof IMPORT_REJECTION_CODES)[number];

/** Why a whole file was refused: in `error.details[0].reason` of the 400 / 413 answer. */
export const IMPORT_FILE_ERROR_CODES = [
  "not_utf8",
  "not_xml",
  "doctype",
  "wrong_root",
  "not_zip",
  "zip_too_large",
  "zip_compression",
  "no_manifest",
  "no_items",
  "too_many_items",
  "csv_empty",
  "csv_no_stem",
  "csv_quote",
  "not_json",
  "json_shape",
] as const;
export type ImportFileErrorCode = (typeof IMPORT_FILE_ERROR_CODES)[number];

export const importRejectionSchema = z.object({
  index: z.number().int().min(0).describe("the item's position in the file, from 0"),
  name: z.string().optional().describe("the item's name in the file, when it has one"),
  reason: z.string().describe("in English"),
  code: z.enum(IMPORT_REJECTION_CODES),
  params: z.record(z.string(), z.string()).optional().describe('e.g. { type: "essay" } for unsupported_type'),
  issues: z
    .array(
      z.looseObject({
        code: z.string(),
        path: z.array(z.union([z.string(), z.number()])),
        message: z.string(),
      }),
    )
    .optional()
    .describe("the question schema's issues, for code invalid"),
});
export type ImportRejection = z.infer<typeof importRejectionSchema>;

export const importQuestionsResponse = z.object({
  imported: z.array(z.uuid()).describe("ids of the stored questions, in file order"),
  rejected: z.array(importRejectionSchema),
});
export type ImportQuestionsResponse = z.infer<typeof importQuestionsResponse>;

/** `GET /admin/questions/export` query. */
export const exportQuestionsQuery = z.strictObject({ format: z.enum(BANK_FORMATS), subjectId: id });
