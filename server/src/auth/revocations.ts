/**
 * "This user's sessions end now": a user was disabled, changed their password or had it reset. The
 * account code publishes; the realtime layer subscribes when it starts and cuts the user's sockets on
 * every node. A feed built with the context, so the context needs no field patched in afterwards by
 * the layer that happens to start later.
 */
export class Revocations {
  readonly #listeners = new Set<(userId: string) => Promise<void> | void>();

  /** Returns the unsubscribe. */
  subscribe(listener: (userId: string) => Promise<void> | void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Resolves when every subscriber has acted (no subscriber: nothing to cut, e.g. HTTP-only tests). */
  async publish(userId: string): Promise<void> {
    await Promise.all([...this.#listeners].map((l) => l(userId)));
  }
}
