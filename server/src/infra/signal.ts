/**
 * A node-local signal: the HTTP side publishes, the realtime layer subscribes and relays it to the
 * other nodes (an exam closed or unpublished: every node drops its cached copy). With no subscriber
 * (HTTP-only tests) a publish does nothing beyond what the publisher did itself.
 */
export class Signal<T> {
  readonly #listeners = new Set<(value: T) => Promise<void> | void>();

  /** Returns the unsubscribe. */
  subscribe(listener: (value: T) => Promise<void> | void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async publish(value: T): Promise<void> {
    await Promise.all([...this.#listeners].map((l) => l(value)));
  }
}
