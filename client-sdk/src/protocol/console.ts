import { z } from "zod";

/**
 * Additive: what a proctor's page reloads from (the integrity feed and the messages sent so far,
 * `GET /sessions/:id/history`), so neither lives only in the events that arrived while it was open.
 */
const id = z.uuid();
const isoTime = z.iso.datetime({ offset: true });

export const sessionHistoryResponse = z.object({
  integrity: z.array(
    z.object({
      attemptId: id,
      fullName: z.string(),
      kind: z.string(),
      source: z.enum(["client", "server"]),
      at: isoTime,
    }),
  ),
  messages: z.array(
    z.object({
      attemptId: id.nullable(),
      fullName: z.string().nullable(),
      text: z.string(),
      at: isoTime,
    }),
  ),
});
export type SessionHistory = z.infer<typeof sessionHistoryResponse>;

/** The admin console's users: `GET /admin/users` (search by name or email, filter by role). */
export const adminUsersQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  role: z.enum(["student", "proctor", "admin"]).optional(),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  offset: z.coerce.number().int().min(0).max(1_000_000).optional(),
});
export const adminUserSchema = z.object({
  id,
  email: z.string(),
  fullName: z.string(),
  role: z.enum(["student", "proctor", "admin"]),
  disabledAt: isoTime.nullable(),
  createdAt: isoTime,
});
export const adminUsersResponse = z.object({ items: z.array(adminUserSchema), total: z.number().int() });
/** A first-time password, shown once to the admin (to print or hand over); only its hash is stored. */
export const issuedPasswordSchema = z.object({ user: adminUserSchema, password: z.string() });
export const resetPasswordResponse = issuedPasswordSchema;

/** `POST /admin/users/import`: a school's students in one go, all or nothing. */
export const importStudentsBody = z
  .strictObject({
    students: z
      .array(z.strictObject({ fullName: z.string().trim().min(1).max(200), email: z.email().max(254) }))
      .min(1)
      .max(500),
  })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.students.forEach((s, i) => {
      const key = s.email.trim().toLowerCase();
      if (seen.has(key))
        ctx.addIssue({ code: "custom", path: ["students", i, "email"], message: "email appears twice" });
      seen.add(key);
    });
  });
export const importStudentsResponse = z.object({ items: z.array(issuedPasswordSchema) });

export type AdminUser = z.infer<typeof adminUserSchema>;
export type IssuedPassword = z.infer<typeof issuedPasswordSchema>;
export const adminUserResponse = z.object({ user: adminUserSchema });

/** `GET /attempts/:id/messages` (its student, staff): the proctor's messages to this attempt and to all. */
export const attemptMessagesResponse = z.object({
  items: z.array(z.object({ text: z.string(), at: isoTime, toAll: z.boolean() })),
});
