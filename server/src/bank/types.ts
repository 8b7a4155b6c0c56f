import {
  IMPORT_FILE_ERROR_CODES,
  IMPORT_REJECTION_CODES,
  type ImportRejection,
} from "@imtihon/client-sdk/protocol";
import { z } from "zod";
import { containsNul } from "../infra/nul.ts";

/**
 * A question as the bank's files carry it: the authoring input of `POST /admin/questions` without
 * `subjectId` (the import route's subject) and `topicIds` (the file names topics by path), plus the
 * images the file embeds. Text fields are our markup; an embedded image is referenced from the text as
 * `![alt](embedded:<n>)`, `n` its index in `images`, until the importer stores it and puts its URL.
 *
 * Mirrors the contract of issue 12 (CONTRACT-12.md): replaced by the protocol's type at merge.
 */
export const BANK_KINDS = ["single", "multiple", "numeric", "short_text", "matching"] as const;
export const BANK_DIFFICULTIES = ["easy", "medium", "hard"] as const;

const text = z.string().min(1).max(2000);
const itemId = z.string().trim().min(1).max(64);
const choice = z.strictObject({ id: itemId, text });

export const embeddedImageSchema = z.strictObject({
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, "bytes expected"),
  alt: z.string().max(500),
  filename: z.string().max(255),
});
export type EmbeddedImage = z.infer<typeof embeddedImageSchema>;

const common = {
  stem: z.string().trim().min(1).max(10_000),
  explanation: z.string().trim().min(1).max(10_000).optional(),
  difficulty: z.enum(BANK_DIFFICULTIES).optional(),
  topicPath: z.array(z.string().trim().min(1).max(200)).min(1).max(10).optional(),
  images: z.array(embeddedImageSchema).max(50).optional(),
};

// replaced by the protocol's type at merge
export const bankItemSchema = z
  .discriminatedUnion("kind", [
    z.strictObject({
      kind: z.enum(["single", "multiple"]),
      ...common,
      options: z.array(choice).min(2).max(10),
      correct: z.array(itemId).min(1).max(10),
    }),
    z.strictObject({
      kind: z.literal("numeric"),
      ...common,
      answer: z.strictObject({ value: z.number(), tolerance: z.number().min(0).optional() }),
    }),
    z.strictObject({
      kind: z.literal("short_text"),
      ...common,
      accepted: z.array(z.string().trim().min(1).max(200)).min(1).max(20),
    }),
    z.strictObject({
      kind: z.literal("matching"),
      ...common,
      left: z.array(choice).min(1).max(20),
      right: z.array(choice).min(1).max(20),
      pairs: z
        .array(z.tuple([itemId, itemId]))
        .min(1)
        .max(20),
    }),
  ])
  .superRefine((q, ctx) => {
    const issue = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    if (q.kind === "single" || q.kind === "multiple") {
      const ids = new Set(q.options.map((o) => o.id));
      if (ids.size !== q.options.length) issue(["options"], "option ids must be unique");
      q.correct.forEach((c, i) => ids.has(c) || issue(["correct", i], `no option with id "${c}"`));
      if (new Set(q.correct).size !== q.correct.length) issue(["correct"], "duplicate correct option");
      if (q.kind === "single" && q.correct.length !== 1)
        issue(["correct"], "a single-choice question has exactly one correct option");
    }
    if (q.kind === "matching") {
      const left = new Set(q.left.map((o) => o.id));
      const right = new Set(q.right.map((o) => o.id));
      if (left.size !== q.left.length) issue(["left"], "left ids must be unique");
      if (right.size !== q.right.length) issue(["right"], "right ids must be unique");
      q.pairs.forEach(([l, r], i) => {
        if (!left.has(l)) issue(["pairs", i, 0], `no left item "${l}"`);
        if (!right.has(r)) issue(["pairs", i, 1], `no right item "${r}"`);
      });
      if (new Set(q.pairs.map(([l]) => l)).size !== q.pairs.length)
        issue(["pairs"], "a left item is paired twice");
    }
    const count = q.images?.length ?? 0;
    for (const [, n] of embeddedRefs(q)) {
      if (n >= count) issue(["images"], `the text refers to image ${n}, which the item does not carry`);
    }
  });
export type BankItem = z.infer<typeof bankItemSchema>;
export type BankKind = BankItem["kind"];

/**
 * Why an item was refused: `code` lets a client say it in the user's language (with `params`), and
 * `reason` says it in English; `issues` are the schema's, for `invalid`.
 */
export const REJECTION_CODES = IMPORT_REJECTION_CODES;
export type RejectionCode = (typeof REJECTION_CODES)[number];

export type Rejection = ImportRejection;
export type RejectionIssue = NonNullable<Rejection["issues"]>[number];
export interface ReadItem {
  index: number;
  name?: string;
  item: BankItem;
}
export interface ReadResult {
  items: ReadItem[];
  rejected: Rejection[];
}

/** A problem that refuses one item whole. */
export class ItemError extends Error {
  override name = "ItemError";
  readonly code: RejectionCode;
  readonly params: Record<string, string>;
  constructor(code: RejectionCode, message: string, params: Record<string, string> = {}) {
    super(message);
    this.code = code;
    this.params = params;
  }
}

export const FILE_ERROR_CODES = IMPORT_FILE_ERROR_CODES;
export type FileErrorCode = (typeof FILE_ERROR_CODES)[number];

/** A file-level refusal (not XML, no manifest, too big): nothing in the file is imported. */
export class BankFileError extends Error {
  override name = "BankFileError";
  readonly code: FileErrorCode;
  readonly params: Record<string, string>;
  readonly tooLarge: boolean;
  constructor(code: FileErrorCode, message: string, params: Record<string, string> = {}) {
    super(message);
    this.code = code;
    this.params = params;
    this.tooLarge = code === "zip_too_large" || code === "too_many_items";
  }
}

/** An item's refusal from an ItemError (or a file error met while reading the item's own file). */
export function rejection(
  index: number,
  name: string | undefined,
  err: ItemError | BankFileError,
): Rejection {
  const code: RejectionCode = err instanceof ItemError ? err.code : "item_file";
  return {
    index,
    ...(name ? { name } : {}),
    reason: err.message,
    code,
    ...(Object.keys(err.params).length ? { params: err.params } : {}),
  };
}

export const EMBEDDED = /!\[((?:[^\]\\]|\\.)*)\]\(embedded:(\d+)\)/g;

/** What carries text in an item, whatever its kind. */
interface WithTexts {
  stem: string;
  explanation?: string | undefined;
  options?: { text: string }[];
  left?: { text: string }[];
  right?: { text: string }[];
}

/** Every text field of an item: stem, explanation, options, matching sides. */
export function textFields(item: WithTexts): string[] {
  return [
    item.stem,
    ...(item.explanation ? [item.explanation] : []),
    ...[...(item.options ?? []), ...(item.left ?? []), ...(item.right ?? [])].map((o) => o.text),
  ];
}

/** `[alt, n]` of every `![alt](embedded:n)` in the item's texts. */
export function embeddedRefs(item: WithTexts): [string, number][] {
  return textFields(item).flatMap((t) =>
    [...t.matchAll(EMBEDDED)].map((m) => [m[1]!, Number(m[2])] as [string, number]),
  );
}

/** The item with `f` applied to each of its text fields. */
export function mapTexts<T extends BankItem>(item: T, f: (text: string) => string): T {
  const out: BankItem = { ...item, stem: f(item.stem) };
  if (out.explanation) out.explanation = f(out.explanation);
  if (out.kind === "single" || out.kind === "multiple")
    out.options = out.options.map((o) => ({ ...o, text: f(o.text) }));
  if (out.kind === "matching") {
    out.left = out.left.map((o) => ({ ...o, text: f(o.text) }));
    out.right = out.right.map((o) => ({ ...o, text: f(o.text) }));
  }
  return out as T;
}

/** Zod's issues as one readable sentence: `correct.0: no option with id "e"; stem: …`. */
export function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  return issues
    .map((i) => (i.path.length ? `${i.path.map(String).join(".")}: ${i.message}` : i.message))
    .join("; ");
}

/** The parts of a zod issue a client needs to say it (no echoed input). */
export function toIssues(issues: readonly z.core.$ZodIssue[]): RejectionIssue[] {
  return issues.map((i) => {
    const { input: _input, ...rest } = i as z.core.$ZodIssue & { input?: unknown };
    return { ...rest, path: i.path.map((p) => (typeof p === "number" ? p : String(p))) } as RejectionIssue;
  });
}

/** Validates a converted item; the refusal carries the schema's reasons. */
export function checkItem(
  raw: unknown,
  index: number,
  name: string | undefined,
): { ok: true; value: ReadItem } | { ok: false; value: Rejection } {
  const parsed = bankItemSchema.safeParse(raw);
  const named = name ? { name } : {};
  // Postgres text cannot store U+0000: such an item is refused here, not by a failing INSERT.
  if (
    parsed.success &&
    containsNul({ ...parsed.data, images: parsed.data.images?.map((i) => i.alt + i.filename) })
  )
    return {
      ok: false,
      value: {
        index,
        ...named,
        reason: "text may not contain NUL characters",
        code: "invalid",
        issues: [{ code: "custom", path: [], message: "text may not contain NUL characters" }],
      },
    };
  if (parsed.success) return { ok: true, value: { index, ...named, item: parsed.data } };
  return {
    ok: false,
    value: {
      index,
      ...named,
      reason: describeIssues(parsed.error.issues),
      code: "invalid",
      issues: toIssues(parsed.error.issues),
    },
  };
}

/** Sizes a file may have; the route passes its own, tests pass small ones. */
export interface BankLimits {
  /** Largest uncompressed zip entry. */
  maxEntryBytes: number;
  /** All uncompressed zip entries together. */
  maxTotalBytes: number;
  /** Entries in a zip, and items in any file. */
  maxEntries: number;
  maxItems: number;
}
export const DEFAULT_LIMITS: BankLimits = {
  maxEntryBytes: 8 * 1024 * 1024,
  maxTotalBytes: 64 * 1024 * 1024,
  maxEntries: 5000,
  maxItems: 2000,
};
