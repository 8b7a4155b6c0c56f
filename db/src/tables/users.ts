import type { ColumnType, Generated, Selectable } from "kysely";
import type { Role } from "@imtihon/client-sdk/protocol";

export interface UsersTable {
  id: Generated<string>;
  email: string;
  password_hash: string;
  full_name: string;
  role: Role;
  token_version: Generated<number>;
  disabled_at: Date | null;
  created_at: ColumnType<Date, never, never>;
}
export type UserRow = Selectable<UsersTable>;
