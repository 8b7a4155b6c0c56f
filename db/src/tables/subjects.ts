import type { ColumnType, Generated } from "kysely";

export interface SubjectsTable {
  id: Generated<string>;
  code: string;
  name: string;
  created_at: ColumnType<Date, never, never>;
}
