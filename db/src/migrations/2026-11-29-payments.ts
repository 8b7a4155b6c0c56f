import { sql, type Kysely } from "kysely";

// Products, orders, entitlements and provider transactions. Money is integer so'm everywhere
// (Payme's tiyin are so'm × 100, computed at the edge). Frozen like every migration: Kysely<any>.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`
    create table products (
      id uuid primary key default gen_random_uuid(),
      title text not null,
      price_uzs integer not null check (price_uzs > 0),
      -- null: every published paid exam
      exam_ids uuid[],
      -- null: unlimited (within days)
      attempts integer check (attempts is null or attempts > 0),
      days integer check (days is null or days > 0),
      -- set for the product that sells one paid exam alone (one attempt); its price follows the exam
      exam_id uuid unique references exams (id),
      -- fiscal receipt codes (Payme detail): IKPU/MXIK, package code, VAT percent
      ikpu text,
      package_code text,
      vat_percent integer not null default 0 check (vat_percent between 0 and 100),
      retired_at timestamptz,
      created_at timestamptz not null default now(),
      check (attempts is not null or days is not null or exam_id is null)
    );

    create table orders (
      id uuid primary key default gen_random_uuid(),
      user_id uuid not null references users (id),
      product_id uuid not null references products (id),
      title text not null,
      amount_uzs integer not null check (amount_uzs > 0),
      status text not null default 'pending' check (status in ('pending', 'paid', 'cancelled', 'refunded')),
      -- grants as sold (a later product edit does not change what was bought)
      exam_ids uuid[],
      attempts integer,
      days integer,
      ikpu text,
      package_code text,
      vat_percent integer not null default 0,
      provider text check (provider in ('payme', 'click')),
      created_at timestamptz not null default now(),
      paid_at timestamptz,
      cancelled_at timestamptz,
      refunded_at timestamptz
    );
    create index orders_user_idx on orders (user_id, created_at desc);
    create index orders_created_idx on orders (created_at desc);
    create index orders_paid_idx on orders (paid_at) where paid_at is not null;

    create table entitlements (
      id uuid primary key default gen_random_uuid(),
      order_id uuid not null unique references orders (id),
      user_id uuid not null references users (id),
      exam_ids uuid[],
      attempts integer,
      attempts_used integer not null default 0 check (attempts is null or attempts_used <= attempts),
      valid_until timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null default now()
    );
    create index entitlements_user_idx on entitlements (user_id) where revoked_at is null;

    create table entitlement_uses (
      attempt_id uuid primary key references attempts (id) on delete cascade,
      entitlement_id uuid not null references entitlements (id),
      used_at timestamptz not null default now()
    );
    create index entitlement_uses_entitlement_idx on entitlement_uses (entitlement_id);

    create table payment_transactions (
      id uuid primary key default gen_random_uuid(),
      -- Click's merchant_prepare_id / merchant_confirm_id must be an integer
      seq bigint generated always as identity unique,
      order_id uuid not null references orders (id),
      provider text not null check (provider in ('payme', 'click')),
      provider_tx_id text not null,
      amount_uzs integer not null,
      -- Payme's states: 1 created, 2 performed, -1 cancelled before, -2 cancelled after perform
      state integer not null check (state in (1, 2, -1, -2)),
      reason integer,
      -- the provider's own creation time (Payme's "time", ms)
      provider_time bigint not null,
      created_at timestamptz not null default now(),
      performed_at timestamptz,
      cancelled_at timestamptz,
      unique (provider, provider_tx_id)
    );
    -- at most one live (created, not yet performed or cancelled) transaction per one-time order
    create unique index payment_transactions_one_live_idx on payment_transactions (order_id) where state = 1;
    create index payment_transactions_time_idx on payment_transactions (provider, provider_time);

    create table payment_audit (
      id bigint generated always as identity primary key,
      provider text not null,
      method text not null,
      order_id uuid,
      provider_tx_id text,
      params jsonb,
      answer jsonb not null,
      at timestamptz not null default now()
    );
    create index payment_audit_order_idx on payment_audit (order_id);
  `.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`
    drop table if exists payment_audit, payment_transactions, entitlement_uses, entitlements, orders, products
  `.execute(db);
}
