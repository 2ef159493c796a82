import { LRUCache } from 'lru-cache';
import { type CacheEntry, isFresh } from './cache-entry';

/**
 * L1: an in-process LRU bounded by entry count and by approximate bytes. It holds the same
 * entries as L2 but for a shorter TTL, because other instances only reach it through the
 * invalidation bus.
 */
export class LocalTier {
  readonly #lru: LRUCache<string, CacheEntry>;

  constructor(maxEntries: number, maxBytes: number) {
    this.#lru = new LRUCache<string, CacheEntry>({
      max: maxEntries,
      maxSize: maxBytes,
      // JSON length is a cheap, deterministic proxy for heap size; exactness is not needed.
      sizeCalculation: (e) => Math.max(1, JSON.stringify(e.value)?.length ?? 1) + 64,
    });
  }

  /** The entry, whether fresh or only graced; callers decide. */
  get<T>(key: string): CacheEntry<T> | undefined {
    return this.#lru.get(key) as CacheEntry<T> | undefined;
  }

  /** Stores for `l1Ttl`, never past the entry's own grace end. */
  set(key: string, entry: CacheEntry, l1Ttl: number, now = Date.now()): void {
    if (l1Ttl <= 0) return;
    const ttl = Math.min(l1Ttl, entry.staleUntil - now);
    if (ttl <= 0) return;
    this.#lru.set(key, entry, { ttl });
  }

  /** The entry without touching its recency (what a background task checks against). */
  peek<T>(key: string): CacheEntry<T> | undefined {
    return this.#lru.peek(key) as CacheEntry<T> | undefined;
  }

  /** How long the key stays in L1, ms (0 when absent). */
  remainingMs(key: string): number {
    return Math.max(0, this.#lru.getRemainingTTL(key));
  }

  /** True when a fresh entry is present. */
  hasFresh(key: string): boolean {
    const e = this.#lru.get(key);
    return e !== undefined && isFresh(e);
  }

  delete(key: string): void {
    this.#lru.delete(key);
  }

  clear(): void {
    this.#lru.clear();
  }

  get size(): number {
    return this.#lru.size;
  }
}
