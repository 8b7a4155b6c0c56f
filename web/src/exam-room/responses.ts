import { parseNumeric, type AnswerResponse, type QuestionView } from "@imtihon/client-sdk/protocol";

/** The option ids an answer picks: one for single choice, any number for multiple; none otherwise. */
export function chosenIds(response: AnswerResponse | undefined): string[] {
  if (!response) return [];
  if ("choice" in response) return [response.choice];
  if ("choices" in response) return response.choices;
  return [];
}

/** Whether the question counts as answered in the navigator and the submit dialog. */
export function isAnswered(response: AnswerResponse | undefined): boolean {
  if (!response) return false;
  if ("value" in response) return response.value.trim() !== "";
  if ("pairs" in response) return response.pairs.length > 0;
  return chosenIds(response).length > 0;
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

/** The typed text of a numeric or short text answer ("" when none). */
export function typedValue(response: AnswerResponse | undefined): string {
  return response && "value" in response ? response.value : "";
}

/**
 * What may be sent for a typed answer, or why not: a numeric answer must read as a number (`0,5`,
 * `0.5`, `1/2`, `-3`), the server refusing anything else; text is trimmed, up to 200 characters.
 */
export function typedResponse(
  kind: QuestionView["kind"],
  text: string,
): { ok: true; response: AnswerResponse } | { ok: false; reason: "empty" | "not_a_number" } {
  const value = text.trim().slice(0, 200);
  if (!value) return { ok: false, reason: "empty" };
  if (kind === "numeric" && parseNumeric(value) === null) return { ok: false, reason: "not_a_number" };
  return { ok: true, response: { value } };
}

/** A matching answer's pairs as left id → right id. */
export function pairsOf(response: AnswerResponse | undefined): Map<string, string> {
  return new Map(response && "pairs" in response ? response.pairs : []);
}

/** The matching answer after choosing `rightId` for `leftId` ("" clears it), in the left items' order. */
export function withPair(
  q: QuestionView,
  current: AnswerResponse | undefined,
  leftId: string,
  rightId: string,
): AnswerResponse {
  const pairs = pairsOf(current);
  if (rightId) pairs.set(leftId, rightId);
  else pairs.delete(leftId);
  return {
    pairs: (q.left ?? []).flatMap((l) => {
      const r = pairs.get(l.id);
      return r ? [[l.id, r] as [string, string]] : [];
    }),
  };
}
