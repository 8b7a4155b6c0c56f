import type { ColumnType, Generated } from "kysely";

export interface PaymentsTable {
  id: Generated<string>;
  user_id: string;
  exam_id: string;
  amount_uzs: number;
  status: "pending" | "paid" | "refunded";
  provider: string;
  provider_ref: string | null;
  created_at: ColumnType<Date, never, never>;
  paid_at: Date | null;
}
