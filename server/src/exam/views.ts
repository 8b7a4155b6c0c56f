import type { AnswerResponse, AttemptSummary, AttemptView, Result } from "@imtihon/client-sdk/protocol";
import type { AttemptRow, ReviewPolicy, SectionResultRow, TopicResultRow } from "@imtihon/db";
import { questionView, type ExamContent } from "./content.ts";
import { toPoints } from "./points.ts";

export function iso(d: Date | null | undefined): string | null {
  return d ? d.toISOString() : null;
}

export function toResult(r: {
  score: number;
  maxScore: number;
  sections: SectionResultRow[];
  topics?: TopicResultRow[] | null;
}): Result {
  const result: Result = {
    score: toPoints(r.score),
    maxScore: toPoints(r.maxScore),
    sections: r.sections.map((s) => ({
      title: s.title,
      score: toPoints(s.score),
      maxScore: toPoints(s.maxScore),
      correct: s.correct,
      total: s.total,
    })),
  };
  // Absent for results scored before topics existed and for exams whose questions carry no topic.
  if (r.topics?.length)
    result.topics = r.topics.map((t) => ({
      topicId: t.topicId,
      path: t.path,
      score: toPoints(t.score),
      maxScore: toPoints(t.maxScore),
      correct: t.correct,
      total: t.total,
    }));
  return result;
}

/** What the review policy lets the student see of a closed attempt's score. */
export function studentMaySeeScore(review: ReviewPolicy): boolean {
  return review !== "none";
}

type AttemptCore = Pick<
  AttemptRow,
  | "id"
  | "exam_id"
  | "session_id"
  | "status"
  | "started_at"
  | "deadline_at"
  | "submitted_at"
  | "score"
  | "max_score"
>;

export function attemptSummary(a: AttemptCore, showScore: boolean): AttemptSummary {
  const closed = a.status === "submitted" || a.status === "expired" || a.status === "terminated";
  return {
    id: a.id,
    examId: a.exam_id,
    sessionId: a.session_id,
    status: a.status,
    startedAt: iso(a.started_at),
    deadline: iso(a.deadline_at),
    submittedAt: iso(a.submitted_at),
    score: closed && showScore && a.score !== null ? toPoints(a.score) : null,
    maxScore: toPoints(a.max_score),
  };
}

export function attemptView(
  content: ExamContent,
  a: Pick<
    AttemptRow,
    | "id"
    | "exam_id"
    | "session_id"
    | "status"
    | "started_at"
    | "deadline_at"
    | "paused_at"
    | "question_order"
    | "option_order"
  >,
  answers: { question_id: string; response: AnswerResponse; seq: number }[],
): AttemptView {
  const questions = a.question_order.flatMap((qid) => {
    const q = content.questions.get(qid);
    return q ? [questionView(content, q, a.option_order[qid])] : [];
  });
  return {
    id: a.id,
    examId: a.exam_id,
    sessionId: a.session_id,
    status: a.status,
    startedAt: iso(a.started_at),
    deadline: iso(a.deadline_at),
    serverNow: new Date().toISOString(),
    questions,
    paused: a.paused_at !== null,
    pausedAt: iso(a.paused_at),
    answers: Object.fromEntries(answers.map((x) => [x.question_id, { response: x.response, seq: x.seq }])),
  };
}
