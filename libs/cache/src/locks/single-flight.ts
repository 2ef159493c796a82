/**
 * In-process coalescing: while a load for a key is in flight, later callers get the leader's
 * promise instead of starting their own. This keeps one Redis lock attempt per key per process,
 * however many requests arrive.
 */
export class SingleFlight {
  readonly #inflight = new Map<string, Promise<unknown>>();

  /** True when a flight for `key` is running (its callers would be followers). */
  has(key: string): boolean {
    return this.#inflight.has(key);
  }

  /** Runs `fn` once per key at a time; `onFollow` fires for each caller that joined a flight. */
  run<T>(key: string, fn: () => Promise<T>, onFollow?: () => void): Promise<T> {
    const existing = this.#inflight.get(key);
    if (existing) {
      onFollow?.();
      return existing as Promise<T>;
    }
    const flight = fn().finally(() => this.#inflight.delete(key));
    this.#inflight.set(key, flight);
    return flight;
  }
}
