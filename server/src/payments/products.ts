import type {
  AdminProduct,
  CreateProductBody,
  Grants,
  Product,
  UpdateProductBody,
} from "@imtihon/client-sdk/protocol";
import type { Database, ProductRow } from "@imtihon/db";
import { sql, type Kysely } from "kysely";
import { AppError, notFound } from "../errors.ts";

/**
 * The catalogue of things to buy. Products an admin makes (a set of exams or every paid exam,
 * attempts and/or days), plus one product per paid published exam that sells it alone for one
 * attempt; those rows are kept in step with the exam's title and price when the catalogue is read.
 */
export function grantsOf(row: {
  exam_ids: string[] | null;
  attempts: number | null;
  days: number | null;
}): Grants {
  return { examIds: row.exam_ids, attempts: row.attempts, days: row.days };
}

export function toProduct(row: ProductRow): Product {
  return { id: row.id, title: row.title, priceUzs: row.price_uzs, grants: grantsOf(row) };
}

export function toAdminProduct(row: ProductRow): AdminProduct {
  return {
    ...toProduct(row),
    examId: row.exam_id,
    fiscal: { ikpu: row.ikpu, packageCode: row.package_code, vatPercent: row.vat_percent },
    retiredAt: row.retired_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** Creates or refreshes the single-exam products of every published paid exam (or of one exam). */
export async function syncExamProducts(db: Kysely<Database>, examId?: string): Promise<void> {
  // Read first: the catalogue is read far more often than exams change, and an upsert locks rows.
  const stale = await sql<{ id: string }>`
    select e.id from exams e left join products p on p.exam_id = e.id
    where e.status = 'published' and e.price_uzs > 0 ${examId ? sql`and e.id = ${examId}` : sql``}
      and (p.id is null or p.title <> e.title or p.price_uzs <> e.price_uzs)
    limit 1`.execute(db);
  if (stale.rows.length === 0) return;
  await sql`
    insert into products (title, price_uzs, exam_ids, attempts, days, exam_id)
    select e.title, e.price_uzs, array[e.id], 1, null, e.id
    from exams e
    where e.status = 'published' and e.price_uzs > 0 ${examId ? sql`and e.id = ${examId}` : sql``}
    on conflict (exam_id) do update set title = excluded.title, price_uzs = excluded.price_uzs
      where products.title <> excluded.title or products.price_uzs <> excluded.price_uzs`.execute(db);
}

/** `GET /products`: products on sale; single-exam ones only while their exam is published and paid. */
export async function listProducts(db: Kysely<Database>): Promise<Product[]> {
  await syncExamProducts(db);
  const rows = await db
    .selectFrom("products as p")
    .leftJoin("exams as e", "e.id", "p.exam_id")
    .selectAll("p")
    .where("p.retired_at", "is", null)
    .where((eb) =>
      eb.or([
        eb("p.exam_id", "is", null),
        eb.and([eb("e.status", "=", "published"), eb("e.price_uzs", ">", 0)]),
      ]),
    )
    .orderBy(sql`p.exam_id is not null`)
    .orderBy("p.price_uzs")
    .orderBy("p.title")
    .execute();
  return rows.map(toProduct);
}

export async function listAdminProducts(db: Kysely<Database>): Promise<AdminProduct[]> {
  await syncExamProducts(db);
  const rows = await db
    .selectFrom("products")
    .selectAll()
    .orderBy(sql`retired_at is not null`)
    .orderBy(sql`exam_id is not null`)
    .orderBy("created_at", "desc")
    .execute();
  return rows.map(toAdminProduct);
}

async function checkExamIds(db: Kysely<Database>, examIds: string[] | null): Promise<void> {
  if (!examIds) return;
  const unique = [...new Set(examIds)];
  const found = await db.selectFrom("exams").select("id").where("id", "in", unique).execute();
  if (found.length !== unique.length) {
    const known = new Set(found.map((r) => r.id));
    throw new AppError("invalid_payload", "unknown exam in grants", {
      examIds: unique.filter((id) => !known.has(id)),
    });
  }
}

export async function createProduct(db: Kysely<Database>, body: CreateProductBody): Promise<AdminProduct> {
  await checkExamIds(db, body.grants.examIds);
  const row = await db
    .insertInto("products")
    .values({
      title: body.title,
      price_uzs: body.priceUzs,
      exam_ids: body.grants.examIds ? [...new Set(body.grants.examIds)] : null,
      attempts: body.grants.attempts,
      days: body.grants.days,
      exam_id: null,
      ikpu: body.fiscal?.ikpu ?? null,
      package_code: body.fiscal?.packageCode ?? null,
      vat_percent: body.fiscal?.vatPercent ?? 0,
      retired_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAdminProduct(row);
}

/** Edits apply to orders made afterwards; an order keeps the price and grants it was made at. */
export async function updateProduct(
  db: Kysely<Database>,
  id: string,
  body: UpdateProductBody,
): Promise<AdminProduct> {
  const current = await db.selectFrom("products").selectAll().where("id", "=", id).executeTakeFirst();
  if (!current) throw notFound("product");
  if (
    current.exam_id &&
    (body.priceUzs !== undefined || body.grants !== undefined || body.title !== undefined)
  )
    throw new AppError("conflict", "a single-exam product follows its exam: change the exam's price instead");
  if (body.grants) await checkExamIds(db, body.grants.examIds);
  const row = await db
    .updateTable("products")
    .set({
      ...(body.title !== undefined && { title: body.title }),
      ...(body.priceUzs !== undefined && { price_uzs: body.priceUzs }),
      ...(body.grants && {
        exam_ids: body.grants.examIds ? [...new Set(body.grants.examIds)] : null,
        attempts: body.grants.attempts,
        days: body.grants.days,
      }),
      ...(body.fiscal?.ikpu !== undefined && { ikpu: body.fiscal.ikpu }),
      ...(body.fiscal?.packageCode !== undefined && { package_code: body.fiscal.packageCode }),
      ...(body.fiscal?.vatPercent !== undefined && { vat_percent: body.fiscal.vatPercent }),
    })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAdminProduct(row);
}

/** Retiring stops new orders; paid orders keep their entitlements. Idempotent. */
export async function retireProduct(db: Kysely<Database>, id: string): Promise<AdminProduct> {
  const row = await db
    .updateTable("products")
    .set({ retired_at: sql<Date>`coalesce(retired_at, now())` })
    .where("id", "=", id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw notFound("product");
  return toAdminProduct(row);
}
