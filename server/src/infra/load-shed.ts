/**
 * Watches event-loop lag with a timer that should fire every `intervalMs`: how late it fires is how
 * long callbacks (requests, socket events, acks) are waiting for the loop. While the lag of the last
 * three ticks stays above the threshold the node is overloaded (one slow tick is a GC pause or a
 * burst, not overload), and new work is refused at once
 * (`unavailable`, HTTP 503) instead of joining a queue that only grows: work already admitted
 * finishes, and clients retry after the flood instead of everyone timing out behind it.
 */
export class LoadShedder {
  readonly thresholdMs: number;
  #recent = [0, 0, 0];
  #timer: NodeJS.Timeout | undefined;
  #onSample: ((lagMs: number) => void) | undefined;

  /** `thresholdMs` 0 turns shedding off (the lag is still measured). */
  constructor(thresholdMs: number, onSample?: (lagMs: number) => void) {
    this.thresholdMs = thresholdMs;
    this.#onSample = onSample;
  }

  start(intervalMs = 100): void {
    let expected = performance.now() + intervalMs;
    this.#timer = setInterval(() => {
      const now = performance.now();
      const lag = Math.max(0, now - expected);
      this.#recent = [this.#recent[1]!, this.#recent[2]!, lag];
      expected = now + intervalMs;
      this.#onSample?.(lag);
    }, intervalMs);
    this.#timer.unref();
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** The last measured lag in ms. */
  get lagMs(): number {
    return this.#recent[2]!;
  }

  #forced = false;

  /** True while new work should be refused. */
  get overloaded(): boolean {
    if (this.#forced) return true;
    return this.thresholdMs > 0 && Math.min(...this.#recent) > this.thresholdMs;
  }

  /** For tests: behave as overloaded until called with false (a real lag cannot be made on demand). */
  force(overloaded: boolean): void {
    this.#forced = overloaded;
  }
}
