import { z } from "zod";
import { DIFFICULTIES } from "./models.ts";

/** Topics (a tree per subject) and the bank's bulk actions (issue 12). */
const id = z.uuid();
const idIn = z.uuid().overwrite((s) => s.toLowerCase());

export const topicSchema = z.object({
  id,
  subjectId: id,
  parentId: id.nullable(),
  name: z.string(),
  /** Names from the subject's root topic down to this one. */
  path: z.array(z.string()),
});
export type Topic = z.infer<typeof topicSchema>;

export const topicsQuery = z.strictObject({ subjectId: idIn });
export const topicListResponse = z.object({ items: z.array(topicSchema) });
export const createTopicBody = z.strictObject({
  subjectId: idIn,
  parentId: idIn.optional(),
  name: z.string().trim().min(1).max(200),
});
export const topicResponse = z.object({ topic: topicSchema });

/** `POST /admin/questions/bulk`: one action on many questions of the bank. */
export const bulkQuestionsBody = z.discriminatedUnion("action", [
  z.strictObject({
    action: z.literal("set_difficulty"),
    ids: z.array(idIn).min(1).max(1000),
    difficulty: z.enum(DIFFICULTIES).nullable(),
  }),
  z.strictObject({ action: z.literal("add_topic"), ids: z.array(idIn).min(1).max(1000), topicId: idIn }),
  z.strictObject({ action: z.literal("remove_topic"), ids: z.array(idIn).min(1).max(1000), topicId: idIn }),
  /** Deletes the questions no exam uses; the others are left and listed in `skipped`. */
  z.strictObject({ action: z.literal("delete_unused"), ids: z.array(idIn).min(1).max(1000) }),
]);
export type BulkQuestionsInput = z.infer<typeof bulkQuestionsBody>;
export const bulkQuestionsResponse = z.object({
  updated: z.number().int(),
  skipped: z.array(id).describe("questions left alone: in an exam (delete_unused)"),
});
