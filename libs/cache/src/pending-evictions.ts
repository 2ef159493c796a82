/**
 * Evictions that could not reach Redis, kept until they can be replayed. One slot per key: a
 * later eviction of the same key replaces the earlier one (replaying the newest covers both),
 * and the slot carries a sequence number so a replay that started before a newer eviction
 * does not settle it. Bounded: past `max` keys the oldest is dropped.
 * @internal
 */
export class PendingEvictions {
  readonly #byKey = new Map<string, number>();
  #seq = 0;

  constructor(private readonly max: number) {}

  get size(): number {
    return this.#byKey.size;
  }

  has(key: string): boolean {
    return this.#byKey.has(key);
  }

  /** Keeps `key` as the newest pending eviction; returns the key dropped to stay bounded. */
  add(key: string): string | undefined {
    // Delete first so re-adding moves the key to the end (Map keeps insertion order).
    this.#byKey.delete(key);
    this.#byKey.set(key, ++this.#seq);
    if (this.#byKey.size <= this.max) return undefined;
    const oldest = this.#byKey.keys().next().value as string;
    this.#byKey.delete(oldest);
    return oldest;
  }

  /** What to replay now, oldest first: `[key, seq]` pairs for `settle`. */
  snapshot(): [string, number][] {
    return [...this.#byKey];
  }

  /** Done with the eviction `seq` of `key`: forgotten unless a newer one was kept meanwhile. */
  settle(key: string, seq: number): void {
    if (this.#byKey.get(key) === seq) this.#byKey.delete(key);
  }

  /** A newer eviction of `key` reached Redis: every older pending one is covered. */
  delete(key: string): void {
    this.#byKey.delete(key);
  }
}
