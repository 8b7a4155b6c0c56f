import type { Database, MediaMime } from "@imtihon/db";
import type { Kysely } from "kysely";

export interface StoredMedia {
  id: string;
  mime: MediaMime;
  width: number;
  height: number;
  bytes: Uint8Array;
  alt: string;
  createdBy: string | null;
}

/**
 * Where figure bytes live. The default is Postgres, so every node of a cluster serves every image
 * with no extra service; an object store would implement the same two calls.
 */
export interface MediaStorage {
  /** Stores the object unless one with its id (content hash) exists; either way it is there after. */
  put(media: StoredMedia): Promise<void>;
  get(id: string): Promise<StoredMedia | null>;
}

export function postgresMediaStorage(db: Kysely<Database>): MediaStorage {
  return {
    async put(m) {
      await db
        .insertInto("media")
        .values({
          id: m.id,
          mime: m.mime,
          width: m.width,
          height: m.height,
          size: m.bytes.length,
          // A Buffer, which the driver sends as bytea.
          bytes: Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength),
          alt: m.alt,
          created_by: m.createdBy,
        })
        .onConflict((oc) => oc.column("id").doNothing())
        .execute();
    },
    async get(id) {
      const row = await db
        .selectFrom("media")
        .select(["id", "mime", "width", "height", "bytes", "alt", "created_by"])
        .where("id", "=", id)
        .executeTakeFirst();
      return row
        ? {
            id: row.id,
            mime: row.mime,
            width: row.width,
            height: row.height,
            bytes: row.bytes,
            alt: row.alt,
            createdBy: row.created_by,
          }
        : null;
    },
  };
}
