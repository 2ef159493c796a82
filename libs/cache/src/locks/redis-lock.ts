import type { KeySpace } from '../keys/key-space';
import type { RedisClient } from '../redis/redis-client';
import { EXTEND_LOCK, RELEASE_LOCK } from '../redis/scripts';
import { type LoadLock, newToken } from './lock';
import type { MemoryBackend } from '../tiers/memory.backend';

/**
 * The fleet-wide load lock: `SET key token NX PX ttl`. If the holder dies, the lease expires
 * and the next waiter's poll acquires it, so exactly one other instance loads.
 */
export class RedisLock implements LoadLock {
  constructor(
    private readonly client: RedisClient,
    private readonly keys: KeySpace,
  ) {}

  async tryAcquire(key: string, ttl: number): Promise<string | null> {
    const token = newToken();
    const ok = await this.client.set(this.keys.lock(key), token, 'PX', ttl, 'NX');
    return ok === 'OK' ? token : null;
  }

  async release(key: string, token: string): Promise<void> {
    await RELEASE_LOCK.run(this.client, [this.keys.lock(key)], [token]);
  }

  async extend(key: string, token: string, ttl: number): Promise<boolean> {
    return (await EXTEND_LOCK.run(this.client, [this.keys.lock(key)], [token, ttl])) === 1;
  }
}

/** The same contract inside one process, for the Redis-less embedded default. */
export class MemoryLock implements LoadLock {
  constructor(private readonly backend: MemoryBackend) {}

  async tryAcquire(key: string, ttl: number): Promise<string | null> {
    const held = this.backend.locks.get(key);
    if (held && held.until > Date.now()) return null;
    const token = newToken();
    this.backend.locks.set(key, { token, until: Date.now() + ttl });
    return token;
  }

  async release(key: string, token: string): Promise<void> {
    if (this.backend.locks.get(key)?.token === token) this.backend.locks.delete(key);
  }

  async extend(key: string, token: string, ttl: number): Promise<boolean> {
    const held = this.backend.locks.get(key);
    if (held?.token !== token) return false;
    held.until = Date.now() + ttl;
    return true;
  }
}
