import type { Kysely } from "kysely";
import type { Database } from "../database.ts";

/** Loads the demo catalogue (idempotent). Being written: see the seed task. */
export async function seedDemo(_db: Kysely<Database>): Promise<{ exams: number; questions: number }> {
  return { exams: 0, questions: 0 };
}
