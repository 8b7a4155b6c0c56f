/**
 * The server's clock as seen from here: the median offset of several `time:sync` round trips, each
 * assuming the server answered halfway through. Countdowns use it, never the local clock alone.
 */
export class ServerClock {
  #offset = 0;
  #samples: { offset: number; rtt: number }[] = [];

  get offsetMs(): number {
    return this.#offset;
  }

  now(): number {
    return Date.now() + this.#offset;
  }

  addSample(sentAt: number, serverNow: number, receivedAt: number): void {
    const rtt = receivedAt - sentAt;
    this.#samples.push({ offset: serverNow - (sentAt + rtt / 2), rtt });
    if (this.#samples.length > 15) this.#samples.shift();
    const offsets = this.#samples.map((s) => s.offset).sort((a, b) => a - b);
    this.#offset = offsets[Math.floor(offsets.length / 2)]!;
  }

  /** A hint from an event's `serverNow` (one-way, so only used before any round trip). */
  hint(serverNowIso: string): void {
    if (this.#samples.length === 0) this.#offset = Date.parse(serverNowIso) - Date.now();
  }
}
