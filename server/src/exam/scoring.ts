import { normaliseText, numericMatches, parseNumeric } from "@imtihon/client-sdk/protocol";
import type { AnswerResponse, SectionResultRow, TopicResultRow } from "@imtihon/db";
import type { ExamContent, ExamQuestion } from "./content.ts";

export interface Score {
  /** All in hundredths of a point. */
  score: number;
  maxScore: number;
  correct: number;
  total: number;
  sections: SectionResultRow[];
  /** questionId → hundredths earned, for every question of the exam. */
  items: Record<string, number>;
  topics: TopicResultRow[];
}

/** How much of a question an answer got right: `right / of` (0 ≤ right ≤ of, of ≥ 1). */
interface Credit {
  right: number;
  of: number;
}
const NONE: Credit = { right: 0, of: 1 };
const FULL: Credit = { right: 1, of: 1 };

/**
 * The share of the question the answer earns under partial credit. Single, numeric and short text
 * are right or wrong. Multiple: max(0, right options chosen − wrong options chosen) / correct
 * options. Matching: correct pairs / pairs. Every key was compiled when the exam was loaded.
 */
export function credit(q: ExamQuestion, response: AnswerResponse | undefined): Credit {
  if (!response) return NONE;
  const key = q.key;
  switch (key.kind) {
    case "single":
      return "choice" in response && key.correct !== undefined && response.choice === key.correct
        ? FULL
        : NONE;
    case "multiple": {
      if (!("choices" in response) || key.correct.size === 0) return NONE;
      let right = 0;
      let wrong = 0;
      for (const c of new Set(response.choices)) {
        if (key.correct.has(c)) right++;
        else wrong++;
      }
      return { right: Math.max(0, right - wrong), of: key.correct.size };
    }
    case "numeric": {
      if (!("value" in response)) return NONE;
      const x = parseNumeric(response.value);
      return x !== null && numericMatches(x, key.value, key.tolerance) ? FULL : NONE;
    }
    case "short_text":
      // The answer's normalising is its one per-answer cost: the accepted side was normalised at load.
      return "value" in response && key.accepted.has(normaliseText(response.value)) ? FULL : NONE;
    case "matching": {
      if (!("pairs" in response) || key.pairs.size === 0) return NONE;
      const given = new Map(response.pairs);
      let right = 0;
      for (const [l, r] of key.pairs) if (given.get(l) === r) right++;
      return { right, of: key.pairs.size };
    }
  }
}

/** Entirely right: the exact option set, every pair, the value or text accepted. */
export function isCorrect(q: ExamQuestion, response: AnswerResponse | undefined): boolean {
  const c = credit(q, response);
  return c.right === c.of;
}

/**
 * Hundredths earned. All or nothing: the question's points or 0. Partial: points × right / of,
 * rounded down to a whole hundredth (integer division), so a share never earns more than its part and
 * a sum of shares never exceeds the maximum.
 */
export function earned(q: ExamQuestion, response: AnswerResponse | undefined): number {
  const c = credit(q, response);
  if (c.right === c.of) return q.points;
  if (!q.partial || c.right === 0) return 0;
  return Math.floor((q.points * c.right) / c.of);
}

/** Exact integer arithmetic on hundredths: a full DTM sheet is 18900, never 18899.99. */
export function scoreAnswers(content: ExamContent, answers: Map<string, AnswerResponse>): Score {
  const sections = content.sections.map((s) => ({
    position: s.position,
    row: { title: s.title, score: 0, maxScore: 0, correct: 0, total: 0 } as SectionResultRow,
  }));
  const bySection = new Map(sections.map((s) => [s.position, s.row]));
  const byTopic = new Map<string, TopicResultRow>();
  const items: Record<string, number> = {};
  let score = 0;
  let correct = 0;
  for (const q of content.questions.values()) {
    const response = answers.get(q.id);
    const got = earned(q, response);
    const right = isCorrect(q, response);
    items[q.id] = got;
    score += got;
    if (right) correct += 1;
    const row = bySection.get(q.section);
    if (row) {
      row.maxScore += q.points;
      row.total += 1;
      row.score += got;
      if (right) row.correct += 1;
    }
    for (const topicId of q.topicIds) {
      let t = byTopic.get(topicId);
      if (!t) {
        const path = content.topics.get(topicId)?.path ?? [];
        byTopic.set(topicId, (t = { topicId, path, score: 0, maxScore: 0, correct: 0, total: 0 }));
      }
      t.maxScore += q.points;
      t.total += 1;
      t.score += got;
      if (right) t.correct += 1;
    }
  }
  return {
    score,
    maxScore: content.maxScore,
    correct,
    total: content.questions.size,
    sections: sections.map((s) => s.row),
    items,
    topics: [...byTopic.values()].sort((a, b) => a.path.join("\u0000").localeCompare(b.path.join("\u0000"))),
  };
}
