import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";
import { notFound } from "../errors.ts";
import { writeBank, type BankFile, type BankFormat } from "./formats/index.ts";
import { bankItemSchema, mapTexts, textFields, type BankItem, type EmbeddedImage } from "./types.ts";

/** A stored question as the bank's listing gives it (`GET /admin/questions` items). */
export interface StoredQuestion {
  kind: string;
  stem: string;
  topicIds?: string[];
  [field: string]: unknown;
}

/** What the exporter needs from the rest of the server (see ImportDeps). */
export interface ExportDeps {
  /** Every question of the subject (the newest version of each), oldest first. */
  listQuestions(db: Kysely<Database>, subjectId: string): Promise<StoredQuestion[]>;
  /** Topic id → path of names from the root (issue 12, topics); until wired, no topics are written. */
  topicPaths?(db: Kysely<Database>, subjectId: string): Promise<Map<string, string[]>>;
  /** A stored image by its id (issue 12, media); until wired, images stay as URLs of this server. */
  loadMedia?(db: Kysely<Database>, id: string): Promise<EmbeddedImage | undefined>;
}

const FIELDS = [
  "kind",
  "stem",
  "explanation",
  "difficulty",
  "options",
  "correct",
  "answer",
  "accepted",
  "left",
  "right",
  "pairs",
];
const STORED_MEDIA = /!\[((?:[^\]\\]|\\.)*)\]\(\/api\/v1\/media\/([0-9a-f]{64})\)/g;

/** A stored question as a bank item: the authoring fields, its first topic's path, and (optionally) its images embedded. */
async function toBankItem(
  q: StoredQuestion,
  paths: Map<string, string[]>,
  load: ((id: string) => Promise<EmbeddedImage | undefined>) | undefined,
): Promise<BankItem> {
  const picked: Record<string, unknown> = {};
  for (const f of FIELDS) if (q[f] !== undefined && q[f] !== null) picked[f] = q[f];
  const path = q.topicIds?.map((id) => paths.get(id)).find(Boolean);
  let item = bankItemSchema.parse({ ...picked, ...(path ? { topicPath: path } : {}) });
  if (!load) return item;
  const images: EmbeddedImage[] = [];
  const index = new Map<string, number>();
  for (const text of textFields(item)) {
    for (const m of text.matchAll(STORED_MEDIA)) {
      if (index.has(m[2]!)) continue;
      const image = await load(m[2]!);
      if (image) index.set(m[2]!, images.push(image) - 1);
    }
  }
  if (!images.length) return item;
  item = mapTexts(item, (t) =>
    t.replace(STORED_MEDIA, (all, alt: string, id: string) =>
      index.has(id) ? `![${alt}](embedded:${index.get(id)})` : all,
    ),
  );
  return { ...item, images };
}

/** A subject's whole bank as a file of the format, with a download name (`matematika-questions.xml`). */
export async function exportBank(
  db: Kysely<Database>,
  deps: ExportDeps,
  input: { subjectId: string; format: BankFormat },
): Promise<BankFile & { filename: string }> {
  const subject = await db
    .selectFrom("subjects")
    .select(["id", "code"])
    .where("id", "=", input.subjectId)
    .executeTakeFirst();
  if (!subject) throw notFound("subject");
  const [questions, paths] = await Promise.all([
    deps.listQuestions(db, subject.id),
    deps.topicPaths ? deps.topicPaths(db, subject.id) : new Map<string, string[]>(),
  ]);
  const load =
    input.format === "csv" || !deps.loadMedia ? undefined : (id: string) => deps.loadMedia!(db, id);
  const items: BankItem[] = [];
  for (const q of questions) items.push(await toBankItem(q, paths, load));
  const file = writeBank(input.format, items);
  const suffix = input.format === "qti" ? "qti" : "questions";
  return { ...file, filename: `${subject.code}-${suffix}.${file.extension}` };
}
