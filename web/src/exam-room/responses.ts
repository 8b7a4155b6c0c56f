import type { AnswerResponse, QuestionView } from "@imtihon/client-sdk/protocol";

/** The option ids an answer picks: one for single choice, any number for multiple. */
export function chosenIds(response: AnswerResponse | undefined): string[] {
  if (!response) return [];
  return "choice" in response ? [response.choice] : response.choices;
}

/** What picking option `optionId` makes of the current answer: replace (single) or toggle (multiple). */
export function nextResponse(
  q: QuestionView,
  current: AnswerResponse | undefined,
  optionId: string,
): AnswerResponse {
  if (q.kind === "single") return { choice: optionId };
  const set = new Set(chosenIds(current));
  if (set.has(optionId)) set.delete(optionId);
  else set.add(optionId);
  // Keep the options' own order so the same choice always looks the same.
  return { choices: q.options.map((o) => o.id).filter((id) => set.has(id)) };
}
