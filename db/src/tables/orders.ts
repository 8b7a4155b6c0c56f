import type { ColumnType, Generated, Selectable } from "kysely";

/** Products, orders, entitlements and provider transactions (migration 2026-11-29-payments). */
export interface ProductsTable {
  id: Generated<string>;
  title: string;
  price_uzs: number;
  exam_ids: string[] | null;
  attempts: number | null;
  days: number | null;
  exam_id: string | null;
  ikpu: string | null;
  package_code: string | null;
  vat_percent: Generated<number>;
  retired_at: Date | null;
  created_at: ColumnType<Date, never, never>;
}
export type ProductRow = Selectable<ProductsTable>;

export type OrderStatus = "pending" | "paid" | "cancelled" | "refunded";
export type PaymentProvider = "payme" | "click";

export interface OrdersTable {
  id: Generated<string>;
  user_id: string;
  product_id: string;
  title: string;
  amount_uzs: number;
  status: Generated<OrderStatus>;
  exam_ids: string[] | null;
  attempts: number | null;
  days: number | null;
  ikpu: string | null;
  package_code: string | null;
  vat_percent: Generated<number>;
  provider: PaymentProvider | null;
  created_at: ColumnType<Date, never, never>;
  paid_at: Date | null;
  cancelled_at: Date | null;
  refunded_at: Date | null;
}
export type OrderRow = Selectable<OrdersTable>;

export interface EntitlementsTable {
  id: Generated<string>;
  order_id: string;
  user_id: string;
  exam_ids: string[] | null;
  attempts: number | null;
  attempts_used: Generated<number>;
  valid_until: Date | null;
  revoked_at: Date | null;
  created_at: ColumnType<Date, never, never>;
}

export interface EntitlementUsesTable {
  attempt_id: string;
  entitlement_id: string;
  used_at: ColumnType<Date, never, never>;
}

export type PaymeState = 1 | 2 | -1 | -2;

export interface PaymentTransactionsTable {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  order_id: string;
  provider: PaymentProvider;
  provider_tx_id: string;
  amount_uzs: number;
  state: PaymeState;
  reason: number | null;
  /** The provider's own creation time, ms since the epoch (bigint, read as a string). */
  provider_time: ColumnType<string, number, number>;
  created_at: ColumnType<Date, Date | undefined, Date>;
  performed_at: Date | null;
  cancelled_at: Date | null;
}
export type PaymentTransactionRow = Selectable<PaymentTransactionsTable>;

export interface PaymentAuditTable {
  id: Generated<string>;
  provider: PaymentProvider;
  method: string;
  order_id: string | null;
  provider_tx_id: string | null;
  params: ColumnType<unknown, string | null, string | null>;
  answer: ColumnType<unknown, string, string>;
  at: ColumnType<Date, never, never>;
}
