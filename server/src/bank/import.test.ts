import { startTestServer, type TestServer } from "@imtihon/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createQuestions, listQuestions } from "../catalogue/questions.ts";
import { AppError } from "../errors.ts";
import { writeJson } from "./formats/json.ts";
import { importBank, type ImportDeps } from "./import.ts";
import { PNG } from "./test-samples.ts";
import type { BankItem } from "./types.ts";

// The pipeline against real Postgres. `saveMedia` belongs to another branch of issue 12: the stand-in
// below writes a real row (a subject named after the file) so the test sees what the import's
// transaction keeps and what a rejected item's savepoint takes back.
let server: TestServer;
let adminId: string;

beforeAll(async () => {
  server = await startTestServer();
  adminId = (
    await server.ctx.db.selectFrom("users").select("id").where("role", "=", "admin").executeTakeFirstOrThrow()
  ).id;
});
afterAll(async () => {
  await server?.stop();
});

async function newSubject(): Promise<string> {
  const code = `i${Math.random().toString(36).slice(2, 10)}`;
  const row = await server.ctx.db
    .insertInto("subjects")
    .values({ code, name: code })
    .returning("id")
    .executeTakeFirstOrThrow();
  return row.id;
}

const saveMedia: NonNullable<ImportDeps["saveMedia"]> = async (db, image) => {
  const code = `media-${image.filename}-${Math.random().toString(36).slice(2, 8)}`;
  await db.insertInto("subjects").values({ code, name: image.alt }).execute();
  if (image.filename === "bad.png")
    throw new AppError("invalid_payload", `image "${image.filename}" is not a PNG, JPEG or WebP file`);
  return { url: `/api/v1/media/${"a".repeat(64)}` };
};

const mediaRows = async () =>
  (await server.ctx.db.selectFrom("subjects").select("code").where("code", "like", "media-%").execute()).map(
    (r) => r.code.replace(/-[a-z0-9]+$/, ""),
  );

const item = (stem: string, images?: { filename: string }[]): BankItem => ({
  kind: "single",
  stem,
  options: [
    { id: "a", text: "Ha" },
    { id: "b", text: "Yo'q" },
  ],
  correct: ["a"],
  ...(images ? { images: images.map((i) => ({ bytes: PNG, alt: "Rasm", filename: i.filename })) } : {}),
});

const file = (items: BankItem[]) => new TextEncoder().encode(writeJson(items));

describe("importBank", () => {
  it("stores each item's images under a savepoint: a bad image takes back its item's other images, nothing else", async () => {
    const subjectId = await newSubject();
    const bytes = file([
      item("Birinchi ![Rasm](embedded:0)", [{ filename: "one.png" }]),
      item("Ikkinchi ![Rasm](embedded:0) ![Rasm](embedded:1)", [
        { filename: "good.png" },
        { filename: "bad.png" },
      ]),
      item("Uchinchi"),
    ]);
    const result = await importBank(
      server.ctx.db,
      { createQuestions, saveMedia },
      { subjectId, format: "json", bytes, createdBy: adminId },
    );
    expect(result.rejected).toEqual([
      {
        index: 1,
        reason: 'image "bad.png" is not a PNG, JPEG or WebP file',
        code: "image_invalid",
        params: { image: "bad.png" },
      },
    ]);
    expect(result.imported).toHaveLength(2);
    expect(await mediaRows()).toEqual(["media-one.png"]);
    const stored = await listQuestions(server.ctx.db, { subjectId });
    expect(stored.map((q) => [q.id, q.stem])).toEqual([
      [result.imported[0], `Birinchi ![Rasm](/api/v1/media/${"a".repeat(64)})`],
      [result.imported[1], "Uchinchi"],
    ]);
  });

  it("stores nothing when a failure is not an item's own (the transaction rolls back whole)", async () => {
    const subjectId = await newSubject();
    const before = await mediaRows();
    const broken: ImportDeps = {
      saveMedia,
      createQuestions: async () => {
        throw new Error("connection lost");
      },
    };
    const bytes = file([item("Rasmli ![Rasm](embedded:0)", [{ filename: "kept.png" }])]);
    await expect(
      importBank(server.ctx.db, broken, { subjectId, format: "json", bytes, createdBy: adminId }),
    ).rejects.toThrow("connection lost");
    expect(await mediaRows()).toEqual(before);
    expect(await listQuestions(server.ctx.db, { subjectId })).toEqual([]);
  });

  it("refuses images and topics as not yet supported when their store is not wired", async () => {
    const subjectId = await newSubject();
    const bytes = file([
      item("Rasm ![Rasm](embedded:0)", [{ filename: "x.png" }]),
      { ...item("Mavzu"), topicPath: ["Algebra", "Tenglamalar"] },
    ]);
    const result = await importBank(
      server.ctx.db,
      { createQuestions },
      { subjectId, format: "json", bytes, createdBy: adminId },
    );
    expect(result).toEqual({
      imported: [],
      rejected: [
        {
          index: 0,
          reason: "images are not yet supported on this server",
          code: "not_yet_supported",
          params: { what: "images" },
        },
        {
          index: 1,
          reason: 'topics ("Algebra / Tenglamalar") are not yet supported on this server',
          code: "not_yet_supported",
          params: { what: "topics", topic: "Algebra / Tenglamalar" },
        },
      ],
    });
  });

  it("maps a file it cannot read to invalid_payload or payload_too_large, before touching the database", async () => {
    const subjectId = await newSubject();
    const run = (format: "json" | "qti", bytes: Uint8Array) =>
      importBank(server.ctx.db, { createQuestions }, { subjectId, format, bytes, createdBy: adminId });
    await expect(run("json", new TextEncoder().encode("nope"))).rejects.toMatchObject({
      code: "invalid_payload",
    });
    const many = file(Array.from({ length: 3 }, (_, i) => item(`Savol ${i}`)));
    await expect(
      importBank(
        server.ctx.db,
        { createQuestions },
        {
          subjectId,
          format: "json",
          bytes: many,
          createdBy: adminId,
          limits: { maxEntryBytes: 1e6, maxTotalBytes: 1e6, maxEntries: 10, maxItems: 2 },
        },
      ),
    ).rejects.toMatchObject({ code: "payload_too_large", message: "the file has more than 2 questions" });
  });
});
