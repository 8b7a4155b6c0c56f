import { availableParallelism } from "node:os";
import { AppError } from "../errors.ts";

export interface HashGateOptions {
  /** Hashes running at once: one per core (more only slows each one), at most libuv's 4 pool threads. */
  concurrency: number;
  /** Waiting beyond the running ones, node-wide. Past it: `unavailable` at once. */
  queue: number;
  /** Running plus waiting for one client address. Past it: `rate_limited` at once. */
  perAddress: number;
}

export const HASH_GATE_DEFAULTS: HashGateOptions = {
  concurrency: Math.min(4, availableParallelism()),
  queue: 64,
  perAddress: 16,
};

/**
 * Bounds the password hashes (scrypt, ~80 ms and 32 MiB each) a node runs for sign-ins and password
 * changes. A flood of guesses from one address fills only its own share; everything past the bounds is
 * refused immediately instead of queueing without bound, and waiters are served round-robin per address,
 * so a legitimate sign-in waits for about one hash of a flood, never behind the whole of it.
 */
export class HashGate {
  readonly options: HashGateOptions;
  #running = 0;
  /** Waiters per address, served round-robin: a flood from one address queues behind itself only. */
  #waiting = new Map<string, (() => void)[]>();
  #waitingCount = 0;
  #perAddress = new Map<string, number>();
  /** Hashes started, for tests and the probe script. */
  started = 0;

  constructor(options: HashGateOptions = HASH_GATE_DEFAULTS) {
    this.options = options;
  }

  async run<T>(address: string, work: () => Promise<T>): Promise<T> {
    const mine = this.#perAddress.get(address) ?? 0;
    if (mine >= this.options.perAddress)
      throw new AppError(
        "rate_limited",
        "too many sign-ins from your address at once: try again in 1 second",
        undefined,
        1,
      );
    if (this.#running >= this.options.concurrency && this.#waitingCount >= this.options.queue)
      throw new AppError(
        "unavailable",
        "the server is busy signing others in: try again in 1 second",
        undefined,
        1,
      );
    this.#perAddress.set(address, mine + 1);
    try {
      if (this.#running >= this.options.concurrency) await this.#wait(address);
      else this.#running++;
      this.started++;
      try {
        return await work();
      } finally {
        this.#handOver();
      }
    } finally {
      const left = (this.#perAddress.get(address) ?? 1) - 1;
      if (left) this.#perAddress.set(address, left);
      else this.#perAddress.delete(address);
    }
  }

  #wait(address: string): Promise<void> {
    this.#waitingCount++;
    return new Promise<void>((resolve) => {
      const queue = this.#waiting.get(address);
      if (queue) queue.push(resolve);
      else this.#waiting.set(address, [resolve]);
    });
  }

  /** A finished hash passes its slot to the address that waited longest for its turn. */
  #handOver(): void {
    const first = this.#waiting.entries().next();
    if (first.done) {
      this.#running--;
      return;
    }
    const [address, queue] = first.value;
    const next = queue.shift()!;
    this.#waiting.delete(address);
    if (queue.length) this.#waiting.set(address, queue); // to the back of the round
    this.#waitingCount--;
    next();
  }
}
