import { EventEmitter } from 'node:events';
import { type CacheEntry, physicalTtl } from './cache-entry';
import type { RemoteTier } from './remote.tier';

/**
 * The embedded default when no Redis is configured: one process-local stand-in for L2, the
 * lock table and pub/sub. Everything it coordinates stays inside this process, which is exactly
 * what a single dev instance needs.
 */
export class MemoryBackend {
  readonly values = new Map<string, { entry: CacheEntry; until: number }>();
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
    const slot = this.backend.values.get(key);
    if (!slot) return undefined;
    if (Date.now() >= slot.until) {
      this.backend.values.delete(key);
      return undefined;
    }
    return slot.entry;
  }

  async set(key: string, entry: CacheEntry): Promise<void> {
    this.backend.values.set(key, { entry, until: Date.now() + physicalTtl(entry) });
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
