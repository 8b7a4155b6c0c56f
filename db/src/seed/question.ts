import type { QuestionOption } from "../tables/questions.ts";
import { hashString, mulberry32, shuffled } from "./prng.ts";

export type SubjectCode =
  "ona_tili" | "matematika" | "tarix" | "fizika" | "biologiya" | "kimyo" | "ingliz_tili";

/** A question as written in a bank or made by a generator: one right answer, three wrong ones. */
export interface QuestionDraft {
  stem: string;
  correct: string;
  wrong: readonly [string, string, string];
}

/** A draft placed in the catalogue: stable key, options a–d, the id of the right one. */
export interface SeedQuestion {
  key: string;
  subject: SubjectCode;
  stem: string;
  options: QuestionOption[];
  correct: string;
}

export class SeedQuestionError extends Error {
  override name = "SeedQuestionError";
}

const OPTION_IDS = ["a", "b", "c", "d"] as const;

/**
 * Places the right answer among the wrong ones at a position derived from the key alone,
 * so a question's layout never changes when other questions are added.
 */
export function buildQuestion(key: string, subject: SubjectCode, draft: QuestionDraft): SeedQuestion {
  const texts = [draft.correct, ...draft.wrong].map((t) => t.trim());
  if (new Set(texts).size !== 4 || texts.some((t) => t === "")) {
    throw new SeedQuestionError(`${key}: options must be 4 distinct non-empty texts`);
  }
  if (draft.stem.trim() === "") throw new SeedQuestionError(`${key}: empty stem`);
  const order = shuffled(mulberry32(hashString(key)), texts);
  const options = order.map((text, i) => ({ id: OPTION_IDS[i] as string, text }));
  const right = options.find((o) => o.text === texts[0]);
  if (!right) throw new SeedQuestionError(`${key}: lost the right answer`);
  return { key, subject, stem: draft.stem.trim(), options, correct: right.id };
}

/** Picks three wrong answers from candidates: distinct, never equal to the right one. */
export function pickWrong(correct: string, candidates: readonly string[]): [string, string, string] {
  const out: string[] = [];
  for (const c of candidates) {
    if (c !== correct && !out.includes(c)) out.push(c);
    if (out.length === 3) return [out[0] as string, out[1] as string, out[2] as string];
  }
  throw new SeedQuestionError(`not enough distinct wrong answers for "${correct}"`);
}
