import type { AnswerResponse } from "./protocol/index.ts";
import type { OutboxStorage } from "./storage.ts";

export interface OutboxEntry {
  questionId: string;
  response: AnswerResponse;
  seq: number;
}

/**
 * Unacknowledged saves of one attempt, one per question (the latest wins), persisted on every change
 * so a reload or a crash of the tab loses nothing that was not yet durable on the server.
 */
export class Outbox {
  readonly #key: string;
  readonly #storage: OutboxStorage;
  readonly #entries = new Map<string, OutboxEntry>();

  constructor(storage: OutboxStorage, attemptId: string) {
    this.#storage = storage;
    this.#key = `imtihon:outbox:${attemptId}`;
    try {
      const raw = storage.getItem(this.#key);
      for (const e of raw ? (JSON.parse(raw) as OutboxEntry[]) : []) this.#entries.set(e.questionId, e);
    } catch {
      storage.removeItem(this.#key);
    }
  }

  get size(): number {
    return this.#entries.size;
  }

  entries(): OutboxEntry[] {
    return [...this.#entries.values()];
  }

  get(questionId: string): OutboxEntry | undefined {
    return this.#entries.get(questionId);
  }

  put(entry: OutboxEntry): void {
    this.#entries.set(entry.questionId, entry);
    this.#persist();
  }

  /** Removes the entry if nothing newer replaced it meanwhile. */
  settle(questionId: string, seq: number): void {
    const e = this.#entries.get(questionId);
    if (e && e.seq <= seq) {
      this.#entries.delete(questionId);
      this.#persist();
    }
  }

  clear(): void {
    this.#entries.clear();
    this.#storage.removeItem(this.#key);
  }

  #persist() {
    if (this.#entries.size === 0) this.#storage.removeItem(this.#key);
    else this.#storage.setItem(this.#key, JSON.stringify([...this.#entries.values()]));
  }
}
