/**
 * For tests that need an outside tool (Chromium, nginx, Redis): true means "skip, it is missing".
 * Under CI=true a missing tool throws instead, so a tool that vanished from CI fails the run rather
 * than passing it silently.
 */
export function skipWithout(what: string, present: boolean): boolean {
  if (present) return false;
  if (process.env.CI === "true") {
    throw new Error(`CI=true but ${what} is missing: the tests that need it must run in CI`);
  }
  console.log(`[tests] ${what} is missing: skipping the tests that need it (they fail under CI=true)`);
  return true;
}
