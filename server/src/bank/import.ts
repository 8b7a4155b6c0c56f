import { questionInput } from "@imtihon/client-sdk/protocol";
import type { Database } from "@imtihon/db";
import { sql, type Kysely } from "kysely";
import type { z } from "zod";
import { AppError } from "../errors.ts";
import { readBank, type BankFormat } from "./formats/index.ts";
import {
  BankFileError,
  DEFAULT_LIMITS,
  describeIssues,
  EMBEDDED,
  mapTexts,
  toIssues,
  type BankItem,
  type BankLimits,
  type EmbeddedImage,
  type Rejection,
} from "./types.ts";

type QuestionInput = z.output<typeof questionInput>;

/**
 * What the importer needs from the rest of the server, passed in so the pipeline is one function
 * whatever is wired: every function is called with the import's transaction.
 */
export interface ImportDeps {
  createQuestions(db: Kysely<Database>, items: QuestionInput[], createdBy: string): Promise<string[]>;
  /** `saveMedia` of server/src/media/store.ts (issue 12, media); until wired, images are refused. */
  saveMedia?(
    db: Kysely<Database>,
    image: { bytes: Uint8Array; alt: string; filename?: string },
  ): Promise<{ url: string }>;
  /** `ensureTopicPath` of server/src/catalogue/topics.ts (issue 12, topics); until wired, topics are refused. */
  ensureTopicPath?(db: Kysely<Database>, subjectId: string, path: string[]): Promise<string>;
}

export interface ImportResult {
  imported: string[];
  rejected: Rejection[];
}

/** Stands in for a stored image's URL while an item is checked before anything is stored. */
const PLACEHOLDER_URL = `/api/v1/media/${"0".repeat(64)}`;
const PLACEHOLDER_TOPIC = "00000000-0000-4000-8000-000000000000";

/** The authoring input of an item: images swapped for their URLs, the topic path for its id. */
function toInput(
  item: BankItem,
  subjectId: string,
  urls: string[],
  topicId: string | undefined,
): Record<string, unknown> {
  const {
    images: _images,
    topicPath: _topicPath,
    ...rest
  } = mapTexts(item, (t) =>
    t.replace(EMBEDDED, (_, alt: string, n: string) => `![${alt}](${urls[Number(n)] ?? PLACEHOLDER_URL})`),
  );
  return { subjectId, ...rest, ...(topicId ? { topicIds: [topicId] } : {}) };
}

type Refusal = Omit<Rejection, "index" | "name">;

function notYet(item: BankItem, deps: ImportDeps): Refusal | undefined {
  if (item.images?.length && !deps.saveMedia)
    return {
      code: "not_yet_supported",
      reason: "images are not yet supported on this server",
      params: { what: "images" },
    };
  if (item.topicPath?.length && !deps.ensureTopicPath) {
    const topic = item.topicPath.join(" / ");
    return {
      code: "not_yet_supported",
      reason: `topics ("${topic}") are not yet supported on this server`,
      params: { what: "topics", topic },
    };
  }
  return undefined;
}

function invalid(issues: z.core.$ZodIssue[]): Refusal {
  return { code: "invalid", reason: describeIssues(issues), issues: toIssues(issues) };
}

/**
 * Imports a file into a subject: every item is converted, checked with the protocol's question
 * schema, and its images and topic stored; an item with any problem is rejected whole with its
 * reason. The valid ones are stored in one transaction (each item's images and topics under a
 * savepoint, so a bad image leaves nothing of its item behind). A file that cannot be read at all
 * is `invalid_payload` (or `payload_too_large`) and stores nothing.
 */
export async function importBank(
  db: Kysely<Database>,
  deps: ImportDeps,
  input: { subjectId: string; format: BankFormat; bytes: Uint8Array; createdBy: string; limits?: BankLimits },
): Promise<ImportResult> {
  let read;
  try {
    read = readBank(input.format, input.bytes, input.limits ?? DEFAULT_LIMITS);
  } catch (err) {
    if (!(err instanceof BankFileError)) throw err;
    throw new AppError(err.tooLarge ? "payload_too_large" : "invalid_payload", err.message, [
      { code: "custom", path: ["file"], message: err.message, reason: err.code, params: err.params },
    ]);
  }
  const rejected = [...read.rejected];
  const reject = (r: { index: number; name?: string }, refusal: Refusal) =>
    rejected.push({ index: r.index, ...(r.name ? { name: r.name } : {}), ...refusal });
  const ready = read.items.filter((r) => {
    const topic = r.item.topicPath ? PLACEHOLDER_TOPIC : undefined;
    const parsed = questionInput.safeParse(toInput(r.item, input.subjectId, [], topic));
    const refusal = notYet(r.item, deps) ?? (parsed.success ? undefined : invalid(parsed.error.issues));
    if (refusal) reject(r, refusal);
    return !refusal;
  });

  const imported = await db.transaction().execute(async (trx) => {
    const subject = await trx
      .selectFrom("subjects")
      .select("id")
      .where("id", "=", input.subjectId)
      .executeTakeFirst();
    if (!subject)
      throw new AppError("invalid_payload", "the payload refers to things that do not exist", [
        { code: "custom", path: ["subjectId"], message: `no subject ${input.subjectId}` },
      ]);
    const inputs: QuestionInput[] = [];
    for (const r of ready) {
      if (!r.item.images?.length && !r.item.topicPath) {
        // Nothing to store beside the question: it passed the schema above as it is.
        inputs.push(questionInput.parse(toInput(r.item, input.subjectId, [], undefined)));
        continue;
      }
      await sql`savepoint bank_item`.execute(trx);
      let image: EmbeddedImage | undefined;
      try {
        const urls: string[] = [];
        for (image of r.item.images ?? []) urls.push((await deps.saveMedia!(trx, toMedia(image))).url);
        image = undefined;
        const topicId = r.item.topicPath
          ? await deps.ensureTopicPath!(trx, input.subjectId, r.item.topicPath)
          : undefined;
        const parsed = questionInput.safeParse(toInput(r.item, input.subjectId, urls, topicId));
        if (!parsed.success) {
          await sql`rollback to savepoint bank_item`.execute(trx);
          reject(r, invalid(parsed.error.issues));
          continue;
        }
        await sql`release savepoint bank_item`.execute(trx);
        inputs.push(parsed.data);
      } catch (err) {
        await sql`rollback to savepoint bank_item`.execute(trx);
        if (!(err instanceof AppError) || err.code !== "invalid_payload") throw err;
        // The media store or the topic tree refused this item's content: the item goes, the import goes on.
        reject(
          r,
          image
            ? { code: "image_invalid", reason: err.message, params: { image: image.filename } }
            : {
                code: "invalid",
                reason: err.message,
                issues: [{ code: "custom", path: ["topicPath"], message: err.message }],
              },
        );
      }
    }
    return inputs.length ? deps.createQuestions(trx, inputs, input.createdBy) : [];
  });
  rejected.sort((a, b) => a.index - b.index);
  return { imported, rejected };
}

const toMedia = (image: EmbeddedImage) => ({ bytes: image.bytes, alt: image.alt, filename: image.filename });
