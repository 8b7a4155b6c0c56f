/** A minimal typed event emitter; `on` returns its own unsubscribe function. */
export class Emitter<Events extends Record<string, (...args: any[]) => void>> {
  #listeners = new Map<keyof Events, Set<(...args: any[]) => void>>();

  on<E extends keyof Events>(event: E, fn: Events[E]): () => void {
    let set = this.#listeners.get(event);
    if (!set) this.#listeners.set(event, (set = new Set()));
    set.add(fn);
    return () => set.delete(fn);
  }

  protected emit<E extends keyof Events>(event: E, ...args: Parameters<Events[E]>): void {
    for (const fn of this.#listeners.get(event) ?? []) {
      try {
        fn(...args);
      } catch (err) {
        console.error(err);
      }
    }
  }
}
