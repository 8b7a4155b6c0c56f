import type { ColumnType, Selectable } from "kysely";

export type MediaMime = "image/webp" | "image/png" | "image/jpeg";

export interface MediaTable {
  /** sha256 hex of `bytes`. */
  id: string;
  mime: MediaMime;
  width: number;
  height: number;
  size: number;
  bytes: Uint8Array;
  alt: string;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
}
export type MediaRow = Selectable<MediaTable>;
