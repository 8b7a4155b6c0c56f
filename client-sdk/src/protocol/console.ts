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
