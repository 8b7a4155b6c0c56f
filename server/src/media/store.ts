import { mediaUrl, type Media } from "@imtihon/client-sdk/protocol";
import type { Database } from "@imtihon/db";
import type { Kysely } from "kysely";
import { createHash } from "node:crypto";
import { AppError } from "../errors.ts";
import { encodeImage } from "./image.ts";
import { postgresMediaStorage, type MediaStorage, type StoredMedia } from "./storage.ts";

export interface MediaInput {
  bytes: Uint8Array;
  alt: string;
  /** For messages only: the format is read from the bytes. */
  filename?: string;
  createdBy?: string | null;
}

const MAX_ALT = 500;

/**
 * Validates, re-encodes and stores a figure; the same picture uploaded twice is one row and one
 * id (the sha256 of the stored bytes). Throws `AppError("invalid_payload", reason)` for a bad file
 * or a missing alt text, before anything is written. Used by `POST /admin/media` and the importer.
 */
export async function saveMedia(
  db: Kysely<Database>,
  input: MediaInput,
  storage: MediaStorage = postgresMediaStorage(db),
): Promise<Media> {
  const alt = input.alt.trim();
  if (alt === "")
    throw new AppError("invalid_payload", "alt text is required: describe the figure", {
      reason: "alt_missing",
    });
  if (alt.length > MAX_ALT)
    throw new AppError("invalid_payload", `alt text is longer than ${MAX_ALT} characters`, {
      reason: "alt_too_long",
    });
  const image = await encodeImage(input.bytes).catch((err: unknown) => {
    // An importer's message names the file among many.
    if (err instanceof AppError && input.filename)
      throw new AppError(err.code, `${input.filename}: ${err.message}`, err.details);
    throw err;
  });
  const id = createHash("sha256").update(image.bytes).digest("hex");
  await storage.put({ id, ...image, alt, createdBy: input.createdBy ?? null });
  return { id, url: mediaUrl(id), width: image.width, height: image.height, alt };
}

/** A stored figure by id, or null (an id that is not a sha256 names nothing). */
export async function getMedia(
  db: Kysely<Database>,
  id: string,
  storage: MediaStorage = postgresMediaStorage(db),
): Promise<StoredMedia | null> {
  if (!/^[0-9a-f]{64}$/.test(id)) return null;
  return storage.get(id);
}
