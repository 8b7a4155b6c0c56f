import { exportQuestionsQuery, importQuestionsForm } from "@imtihon/client-sdk/protocol";
import type { Database } from "@imtihon/db";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Kysely } from "kysely";
import { exportBank, type ExportDeps, type StoredQuestion } from "../../bank/export.ts";
import { importBank, type ImportDeps } from "../../bank/import.ts";
import { createQuestions, listQuestions } from "../../catalogue/questions.ts";
import { ensureTopicPath, listTopics } from "../../catalogue/topics.ts";
import { getMedia, saveMedia } from "../../media/store.ts";
import { AppError } from "../../errors.ts";
import type { HttpEnv } from "../env.ts";
import { auth, parseWith } from "../middleware.ts";

/** An import file may carry its images: more than a JSON body's 1 MiB (app.ts leaves this path to us). */
export const MAX_IMPORT_BYTES = 16 * 1024 * 1024;
export const IMPORT_PATH = "/api/v1/admin/questions/import";

/** The pipeline's dependencies on this server: questions, figures (media/) and topics (catalogue/). */
const importDeps: ImportDeps = { createQuestions, saveMedia, ensureTopicPath };

async function allQuestions(db: Kysely<Database>, subjectId: string): Promise<StoredQuestion[]> {
  const out: StoredQuestion[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await listQuestions(db, { subjectId, limit: 1000, offset });
    out.push(...page);
    if (page.length < 1000) return out;
  }
}
const exportDeps: ExportDeps = {
  listQuestions: allQuestions,
  topicPaths: async (db, subjectId) => new Map((await listTopics(db, subjectId)).map((t) => [t.id, t.path])),
  loadMedia: async (db, id) => {
    const m = await getMedia(db, id);
    return m ? { bytes: m.bytes, alt: m.alt, filename: `${m.id}.webp` } : undefined;
  },
};

/** Import and export of a subject's question bank: admins only. */
export const bankRoutes = new Hono<HttpEnv>()
  .post(
    "/admin/questions/import",
    auth("admin"),
    bodyLimit({
      maxSize: MAX_IMPORT_BYTES,
      onError: () => {
        throw new AppError(
          "payload_too_large",
          `the file is larger than ${MAX_IMPORT_BYTES / 1024 / 1024} MiB`,
        );
      },
    }),
    async (c) => {
      if (!/^multipart\/form-data\s*;/i.test(c.req.header("content-type") ?? ""))
        throw new AppError("invalid_payload", "Content-Type must be multipart/form-data", [
          { code: "content_type", message: "send the file, format and subjectId as multipart/form-data" },
        ]);
      let form: Record<string, unknown>;
      try {
        form = await c.req.parseBody();
      } catch {
        throw new AppError("invalid_payload", "the body is not a readable multipart form");
      }
      const { file, format, subjectId } = parseWith(importQuestionsForm, form);
      const result = await importBank(c.var.ctx.db, importDeps, {
        subjectId,
        format,
        bytes: new Uint8Array(await file.arrayBuffer()),
        createdBy: c.var.principal.userId,
      });
      return c.json(result);
    },
  )
  .get("/admin/questions/export", auth("admin"), async (c) => {
    const query = parseWith(exportQuestionsQuery, c.req.query());
    const file = await exportBank(c.var.ctx.db, exportDeps, query);
    return c.body(file.body, 200, {
      "content-type": file.contentType,
      "content-disposition": `attachment; filename="${file.filename}"`,
      "cache-control": "no-store",
    });
  });
