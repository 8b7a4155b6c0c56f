import type { AnswerResponse, SectionResultRow } from "@imtihon/db";
import type { ExamContent, ExamQuestion } from "./content.ts";

export interface Score {
  /** All in hundredths of a point. */
  score: number;
  maxScore: number;
  correct: number;
  total: number;
  sections: SectionResultRow[];
}

/** Single choice: right or wrong. Multiple choice: all or nothing (the exact set). */
export function isCorrect(q: ExamQuestion, response: AnswerResponse | undefined): boolean {
  if (!response) return false;
  if (q.kind === "single")
    return "choice" in response && q.correct.length === 1 && response.choice === q.correct[0];
  if (!("choices" in response)) return false;
  const chosen = new Set(response.choices);
  return chosen.size === q.correct.length && q.correct.every((c) => chosen.has(c));
}

/** Exact integer arithmetic on hundredths: a full DTM sheet is 18900, never 18899.99. */
export function scoreAnswers(content: ExamContent, answers: Map<string, AnswerResponse>): Score {
  const sections = content.sections.map((s) => ({
    position: s.position,
    row: { title: s.title, score: 0, maxScore: 0, correct: 0, total: 0 } as SectionResultRow,
  }));
  const bySection = new Map(sections.map((s) => [s.position, s.row]));
  let score = 0;
  let correct = 0;
  for (const q of content.questions.values()) {
    const row = bySection.get(q.section);
    const right = isCorrect(q, answers.get(q.id));
    if (row) {
      row.maxScore += q.points;
      row.total += 1;
      if (right) {
        row.score += q.points;
        row.correct += 1;
      }
    }
    if (right) {
      score += q.points;
      correct += 1;
    }
  }
  return {
    score,
    maxScore: content.maxScore,
    correct,
    total: content.questions.size,
    sections: sections.map((s) => s.row),
  };
}
