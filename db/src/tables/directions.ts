import type { ColumnType, Generated } from "kysely";

export interface DirectionsTable {
  id: Generated<string>;
  code: string;
  name: string;
  created_at: ColumnType<Date, never, never>;
}

export interface DirectionSubjectsTable {
  direction_id: string;
  subject_id: string;
  position: number;
}
