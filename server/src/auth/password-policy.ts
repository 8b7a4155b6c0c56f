import { dictionary } from "@zxcvbn-ts/language-common";
import { AppError } from "../errors.ts";

// NIST SP 800-63B 5.1.1.2: no composition rules, a length floor (8, in the protocol's zod schema),
// and a check against passwords known from breaches. The list is the 10,000 most frequent entries of
// zxcvbn's breach-derived common-password list (ordered by frequency); shorter ones are already
// refused by the length floor.
const COMMON = new Set(dictionary["passwords-common"].slice(0, 10_000).filter((p) => p.length >= 8));

export type PasswordProblem = "common" | "one_character" | "blank";

/** Why a password is refused, or null. Compared case-insensitively, around trimmed whitespace. */
export function passwordProblem(password: string): PasswordProblem | null {
  const text = password.normalize("NFKC");
  if (!text.trim()) return "blank";
  if (new Set(text).size === 1) return "one_character";
  if (COMMON.has(text.trim().toLowerCase())) return "common";
  return null;
}

const MESSAGES: Record<PasswordProblem, string> = {
  common: "this password is one of the most common ones and is guessed first: choose another",
  one_character: "a password of one repeated character is guessed at once: choose another",
  blank: "a password cannot be only spaces",
};

/**
 * Throws `invalid_payload` with a zod-like issue whose `code` (`password_common`, ...) a client can
 * translate into the user's language; the message is the English fallback.
 */
export function assertPasswordAllowed(password: string, field = "password"): void {
  const problem = passwordProblem(password);
  if (!problem) return;
  throw new AppError("invalid_payload", MESSAGES[problem], [
    { path: [field], code: `password_${problem}`, message: MESSAGES[problem] },
  ]);
}
