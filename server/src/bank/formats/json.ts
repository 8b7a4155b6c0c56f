import { z } from "zod";
import {
  BankFileError,
  checkItem,
  ItemError,
  rejection,
  type BankItem,
  type BankLimits,
  type ReadResult,
} from "../types.ts";
import { fromBase64, toBase64 } from "./images.ts";

/**
 * JSON ⇄ bank items: today's JSON import (an array of questions, or `{ items: [...] }`) with the new
 * kinds and fields. Fields the server adds to a listing (`id`, `subjectId`, `subject`, `frozen`, …)
 * are ignored, so a `GET /admin/questions` answer imports as it is. Embedded images travel as
 * `images: [{ filename, alt, data }]` (base64), referenced from the texts as `![alt](embedded:n)`.
 */

const IGNORED = [
  "id",
  "subjectId",
  "subject",
  "frozen",
  "topicIds",
  "name",
  "version",
  "familyId",
  "createdAt",
];
const jsonImage = z.strictObject({ filename: z.string(), alt: z.string(), data: z.string() });

export function readJson(text: string, limits: BankLimits): ReadResult {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (err) {
    throw new BankFileError("not_json", `not a JSON file (${err instanceof Error ? err.message : err})`);
  }
  const items = Array.isArray(data) ? data : (data as { items?: unknown } | null)?.items;
  if (!Array.isArray(items))
    throw new BankFileError(
      "json_shape",
      "the JSON file is neither an array of questions nor { items: [...] }",
    );
  if (items.length > limits.maxItems)
    throw new BankFileError("too_many_items", `the file has more than ${limits.maxItems} questions`, {
      max: String(limits.maxItems),
    });
  const result: ReadResult = { items: [], rejected: [] };
  items.forEach((raw: unknown, index) => {
    if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
      result.rejected.push({ index, reason: "not an object", code: "not_object" });
      return;
    }
    const rec = { ...(raw as Record<string, unknown>) };
    const name = typeof rec.name === "string" ? rec.name.slice(0, 200) : undefined;
    for (const k of IGNORED) delete rec[k];
    try {
      if (rec.images !== undefined) {
        const images = z.array(jsonImage).max(50).safeParse(rec.images);
        if (!images.success)
          throw new ItemError(
            "image_invalid",
            "images: each is { filename, alt, data } with data in base64",
            { image: "" },
          );
        rec.images = images.data.map((img) => ({
          filename: img.filename,
          alt: img.alt,
          bytes: fromBase64(img.data, img.filename),
        }));
      }
    } catch (err) {
      if (!(err instanceof ItemError)) throw err;
      result.rejected.push(rejection(index, name, err));
      return;
    }
    const checked = checkItem(rec, index, name);
    if (checked.ok) result.items.push(checked.value);
    else result.rejected.push(checked.value);
  });
  return result;
}

/** The order fields are written in, whatever order an item was built in: the same bank, the same file. */
const FIELD_ORDER = [
  "kind",
  "stem",
  "options",
  "correct",
  "answer",
  "accepted",
  "left",
  "right",
  "pairs",
  "explanation",
  "difficulty",
  "topicPath",
];

/** Items as JSON, in the shape `readJson` takes back. */
export function writeJson(items: readonly BankItem[], meta: Record<string, unknown> = {}): string {
  const out = items.map((item) => {
    const fields: Record<string, unknown> = {};
    for (const k of FIELD_ORDER) if (k in item) fields[k] = (item as Record<string, unknown>)[k];
    if (item.images?.length)
      fields.images = item.images.map((img) => ({
        filename: img.filename,
        alt: img.alt,
        data: toBase64(img.bytes),
      }));
    return fields;
  });
  return `${JSON.stringify({ format: "imtihon-questions", version: 1, ...meta, items: out }, null, 2)}\n`;
}
