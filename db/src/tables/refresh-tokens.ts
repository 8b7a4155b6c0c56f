import type { ColumnType, Generated } from "kysely";

export interface RefreshTokensTable {
  id: Generated<string>;
  user_id: string;
  family_id: string;
  token_hash: Buffer;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
  created_at: ColumnType<Date, never, never>;
}
