import { EventEmitter } from 'node:events';
import { LRUCache } from 'lru-cache';
import { type CacheEntry, physicalTtl } from './cache-entry';

/** The in-process L2 is bounded too: an embedded default must not grow without limit. */
const MEMORY_L2_MAX_ENTRIES = 100_000;
import type { RemoteTier } from './remote.tier';

/**
 * The embedded default when no Redis is configured: one process-local stand-in for L2, the
 * lock table and pub/sub. Everything it coordinates stays inside this process, which is exactly
 * what a single dev instance needs.
 */
export class MemoryBackend {
  readonly values = new LRUCache<string, CacheEntry>({ max: MEMORY_L2_MAX_ENTRIES });
  readonly generations = new Map<string, number>();
  readonly locks = new Map<string, { token: string; until: number }>();
  readonly events = new EventEmitter().setMaxListeners(0);
}

/** L2 when running without Redis. */
export class MemoryRemoteTier implements RemoteTier {
  readonly kind = 'memory';

  constructor(
    private readonly backend: MemoryBackend,
    private readonly filledChannel: (key: string) => string,
  ) {}

  async get(key: string): Promise<CacheEntry | undefined> {
    return this.backend.values.get(key);
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    this.backend.values.set(key, entry, { ttl: physicalTtl(entry) });
  }

  async generation(key: string): Promise<string> {
    return String(this.backend.generations.get(key) ?? 0);
  }

  async setIfGeneration(key: string, entry: CacheEntry, generation: string): Promise<boolean> {
    if ((await this.generation(key)) !== generation) return false;
    await this.set(key, entry);
    this.backend.events.emit(this.filledChannel(key));
    return true;
  }

  async evict(key: string): Promise<void> {
    this.backend.generations.set(key, (this.backend.generations.get(key) ?? 0) + 1);
    this.backend.values.delete(key);
  }

  async delete(key: string): Promise<void> {
    this.backend.values.delete(key);
  }
}
