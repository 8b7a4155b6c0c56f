import { z } from "zod";

/**
 * Products, orders and payments (contract section "Products, orders and payments"). Money is whole
 * so'm (UZS) as an integer; Payme's tiyin never appear here.
 */
const id = z.uuid();
const isoTime = z.iso.datetime({ offset: true });
const uzs = z.number().int().positive().max(100_000_000);

export const ORDER_STATUSES = ["pending", "paid", "cancelled", "refunded"] as const;
export const PAYMENT_PROVIDERS = ["payme", "click"] as const;

export const grantsSchema = z.object({
  /** null: every published paid exam. */
  examIds: z.array(id).min(1).max(500).nullable(),
  /** null: unlimited within `days`. */
  attempts: z.number().int().positive().max(10_000).nullable(),
  days: z.number().int().positive().max(3660).nullable(),
});
export type Grants = z.infer<typeof grantsSchema>;

/** Fiscal receipt codes sent to Payme (`detail`): IKPU/MXIK, package code, VAT percent. */
export const fiscalSchema = z.object({
  ikpu: z
    .string()
    .regex(/^\d{17}$/, "IKPU/MXIK is 17 digits")
    .nullable(),
  packageCode: z.string().trim().min(1).max(32).nullable(),
  vatPercent: z.number().int().min(0).max(100),
});

export const productSchema = z.object({
  id,
  title: z.string(),
  priceUzs: z.number().int(),
  grants: grantsSchema,
});
export type Product = z.infer<typeof productSchema>;
export const productsResponse = z.object({
  items: z.array(productSchema),
  /** Extension: the providers this server is configured for (empty: paid exams cannot be bought). */
  providers: z.array(z.enum(PAYMENT_PROVIDERS)).optional(),
});
export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];

/** What the admin console sees: the product plus its fiscal codes and lifecycle. */
export const adminProductSchema = productSchema.extend({
  examId: id.nullable(),
  fiscal: fiscalSchema,
  retiredAt: isoTime.nullable(),
  createdAt: isoTime,
});
export type AdminProduct = z.infer<typeof adminProductSchema>;

/** Grants are rejected when they would sell nothing that ends (no attempts and no days). */
const grantsInput = grantsSchema.refine((g) => g.attempts !== null || g.days !== null, {
  message: "grants need a number of attempts, a period in days, or both",
});

export const createProductBody = z.strictObject({
  title: z.string().trim().min(1).max(200),
  priceUzs: uzs,
  grants: grantsInput,
  fiscal: fiscalSchema.partial().optional(),
});
export const updateProductBody = z.strictObject({
  title: z.string().trim().min(1).max(200).optional(),
  priceUzs: uzs.optional(),
  grants: grantsInput.optional(),
  fiscal: fiscalSchema.partial().optional(),
});
export type CreateProductBody = z.infer<typeof createProductBody>;
export type UpdateProductBody = z.infer<typeof updateProductBody>;

export const createOrderBody = z.union([z.strictObject({ productId: id }), z.strictObject({ examId: id })]);
export type CreateOrderBody = z.infer<typeof createOrderBody>;

export const orderSchema = z.object({
  id,
  status: z.enum(ORDER_STATUSES),
  amountUzs: z.number().int(),
  title: z.string(),
  createdAt: isoTime,
  paidAt: isoTime.nullable(),
  checkout: z.object({ payme: z.url().optional(), click: z.url().optional() }),
  /** Extension: the provider that paid (or last tried). */
  provider: z.enum(PAYMENT_PROVIDERS).nullable().optional(),
  /** Extension: the grants bought. */
  grants: grantsSchema.optional(),
});
export type Order = z.infer<typeof orderSchema>;
export type OrderStatus = Order["status"];
export const orderResponse = z.object({ order: orderSchema });
export const ordersResponse = z.object({ items: z.array(orderSchema) });

export const adminOrdersQuery = z.strictObject({
  status: z.enum(ORDER_STATUSES).optional(),
  provider: z.enum(PAYMENT_PROVIDERS).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** Part of the student's email or name. */
  student: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type AdminOrdersQuery = z.infer<typeof adminOrdersQuery>;

/** An order in the admin console: who bought it and whether its entitlement was used. */
export const adminOrderSchema = orderSchema.extend({
  userId: id,
  studentEmail: z.string(),
  studentName: z.string(),
  refundedAt: isoTime.nullable(),
  /** Attempts started with this order's entitlement (0 = unused). */
  attemptsUsed: z.number().int(),
});
export type AdminOrder = z.infer<typeof adminOrderSchema>;
export const adminOrdersResponse = z.object({ items: z.array(adminOrderSchema) });

export const revenueResponse = z.object({
  /** Paid (and not refunded) orders by day of payment (UTC). */
  days: z.array(z.object({ day: z.iso.date(), orders: z.number().int(), amountUzs: z.number().int() })),
  products: z.array(
    z.object({ productId: id, title: z.string(), orders: z.number().int(), amountUzs: z.number().int() }),
  ),
  totalUzs: z.number().int(),
  refundedUzs: z.number().int(),
});
export type Revenue = z.infer<typeof revenueResponse>;
