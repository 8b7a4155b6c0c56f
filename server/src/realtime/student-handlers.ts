import { parseNumeric, rooms, type AnswerResponse, type AttemptView } from "@imtihon/client-sdk/protocol";
import type { AppContext } from "../context.ts";
import { AppError, notFound } from "../errors.ts";
import { joinSession, ownAttempt, resumeAttempt, startSelfPaced, submitAttempt } from "../exam/attempts.ts";
import type { ExamQuestion } from "../exam/content.ts";
import { studentName } from "../exam/roster.ts";
import type { ExamRuntime } from "../exam/runtime.ts";
import { on } from "./handler.ts";
import { recordClientReport, watchConnection } from "./integrity.ts";
import type { LiveRooms } from "./live-rooms.ts";
import type { IoSocket } from "./types.ts";

/** attempt:start, answer:save, attempt:submit, integrity:report. */
export function registerStudentHandlers(
  ctx: AppContext,
  runtime: ExamRuntime,
  live: LiveRooms,
  socket: IoSocket,
): void {
  const actor = { userId: socket.data.userId };

  on(ctx, socket, "attempt:start", async (payload) => {
    const { view, created, fullName } =
      "examId" in payload
        ? { ...(await startSelfPaced(ctx, runtime.content, actor, payload.examId)), fullName: undefined }
        : await joinSession(ctx, runtime.content, actor, payload.sessionId);
    await takeUp(view, created, fullName);
    return { attempt: view };
  });

  on(ctx, socket, "attempt:resume", async ({ attemptId }) => {
    const view = await resumeAttempt(ctx, runtime.content, actor, attemptId);
    if (view.status === "lobby" || view.status === "in_progress") await takeUp(view, false);
    return { attempt: view };
  });

  /** Joins the attempt's rooms and tells its proctors that the student is here. */
  async function takeUp(view: AttemptView, created: boolean, fullName?: string) {
    runtime.remember(view.id, { userId: actor.userId, examId: view.examId, sessionId: view.sessionId });
    if (!socket.data.attempts.includes(view.id)) socket.data.attempts.push(view.id);
    await socket.join(rooms.attempt(view.id));
    if (view.sessionId) {
      await socket.join(rooms.sessionStudents(view.sessionId));
      if (created) {
        live.roster.update(view.sessionId, view.id, {
          userId: actor.userId,
          fullName: fullName ?? (await studentName(ctx, actor.userId)),
          status: view.status,
          connected: true,
          answered: 0,
          total: view.questions.length,
          deadline: view.deadline,
          flags: 0,
        });
      } else {
        live.roster.update(view.sessionId, view.id, { connected: true, status: view.status });
      }
      void watchConnection(ctx, live, socket, view.id, view.sessionId, created);
    }
  }

  on(ctx, socket, "answer:save", async ({ attemptId, questionId, response, seq }) => {
    const received = performance.now();
    const info = await runtime.attemptInfo(attemptId);
    if (info.userId !== actor.userId) throw notFound("attempt");
    const content = await runtime.content.get(info.examId);
    const question = content.questions.get(questionId);
    if (!question) throw notFound("question");
    checkResponse(question, response);
    // A refusal rejects; its time to the ack counts as much as a save's.
    const outcome = await runtime.writer
      .enqueue({ attemptId, questionId, response, seq })
      .finally(() => ctx.metrics.answerAckMs.observe(performance.now() - received));
    if (outcome.kind === "stale") return { questionId, seq: outcome.seq, stale: true as const };
    live.roster.update(info.sessionId, attemptId, {}, { answers: true });
    return { questionId, seq: outcome.seq, savedAt: outcome.savedAt };
  });

  on(ctx, socket, "attempt:submit", async ({ attemptId }) => {
    const { status, result, closed } = await submitAttempt(ctx, runtime.content, actor, attemptId);
    if (closed) {
      ctx.metrics.attemptsClosed.labels(closed.status, "student").inc();
      await live.announceClosed([closed]);
    }
    return result ? { status, result } : { status };
  });

  on(ctx, socket, "integrity:report", async ({ attemptId, kind, at }) => {
    await recordClientReport(ctx, live, await ownAttempt(ctx, actor, attemptId), kind, at);
    return {};
  });
}

const SHAPES = {
  single: "a single-choice answer is { choice }",
  multiple: "a multiple-choice answer is { choices }",
  numeric: "a numeric answer is { value }",
  short_text: "a short text answer is { value }",
  matching: "a matching answer is { pairs }",
} as const;

/**
 * The response must fit the question: one known option for single, known distinct options for
 * multiple, a number for numeric (`0,5`, `0.5`, `1/2`), some text for short_text, pairs of known
 * items with each left item once for matching. Anything else is `invalid_payload`, saying why.
 */
function checkResponse(q: ExamQuestion, response: AnswerResponse): void {
  const wrongShape = () => new AppError("invalid_payload", SHAPES[q.kind]);
  switch (q.kind) {
    case "single":
      if (!("choice" in response)) throw wrongShape();
      if (!q.optionIds.has(response.choice)) throw new AppError("invalid_payload", "no such option");
      return;
    case "multiple":
      if (!("choices" in response)) throw wrongShape();
      if (new Set(response.choices).size !== response.choices.length)
        throw new AppError("invalid_payload", "duplicate option");
      if (!response.choices.every((c) => q.optionIds.has(c)))
        throw new AppError("invalid_payload", "no such option");
      return;
    case "numeric":
      if (!("value" in response)) throw wrongShape();
      if (parseNumeric(response.value) === null)
        throw new AppError("invalid_payload", "not a number: write it like 0.5, 0,5, 1/2 or -3");
      return;
    case "short_text":
      if (!("value" in response)) throw wrongShape();
      if (!response.value.trim()) throw new AppError("invalid_payload", "the answer is empty");
      return;
    case "matching": {
      if (!("pairs" in response) || q.key.kind !== "matching") throw wrongShape();
      const right = q.key.rightIds;
      const seen = new Set<string>();
      for (const [l, r] of response.pairs) {
        if (!q.optionIds.has(l)) throw new AppError("invalid_payload", `no left item "${l}"`);
        if (!right.has(r)) throw new AppError("invalid_payload", `no right item "${r}"`);
        if (seen.has(l)) throw new AppError("invalid_payload", `left item "${l}" is paired twice`);
        seen.add(l);
      }
      return;
    }
  }
}
