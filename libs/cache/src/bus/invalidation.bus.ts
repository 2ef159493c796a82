import { withTimeout } from '@bulwark/common';
import type { KeySpace } from '../keys/key-space';
import { isCluster, type RedisClient } from '../redis/redis-client';
import type { MemoryBackend } from '../tiers/memory.backend';
import { decodeInvalidation, encodeInvalidation } from './message.codec';

type Handler = () => void;

/** A SUBSCRIBE that takes longer than this is left to ioredis; the waiter's poll covers the gap. */
const SUBSCRIBE_WAIT = 500;

function bounded(p: Promise<unknown>, ms: number): Promise<void> {
  const settled = p.then(
    () => undefined,
    () => undefined,
  );
  return withTimeout(settled, ms, () => undefined);
}

/**
 * Pub/sub for the two signals instances exchange: "key X was evicted" (drop it from L1) and
 * "key X was filled" (waiters may read L2 now). "filled" itself is published by the Lua write.
 */
export interface CacheBus {
  /** Starts listening for invalidations from other instances. */
  start(onInvalidate: (key: string) => void): Promise<void>;
  publishInvalidation(key: string): Promise<void>;
  /** Resolves once the subscription is live, so a fill cannot slip between check and wait. */
  onFilled(key: string, handler: Handler): Promise<() => void>;
  close(): Promise<void>;
}

/**
 * Redis pub/sub on the dedicated SUBSCRIBE connection; per-key "filled" channels are ref-counted.
 *
 * On a cluster the two signals travel differently: an invalidation concerns every instance, so it
 * stays a classic PUBLISH, which the cluster broadcasts to all nodes; a per-key "filled" channel
 * is sharded (SSUBSCRIBE, SPUBLISH from the write script), so each fill is delivered by the shard
 * that owns the key instead of crossing the whole cluster bus.
 */
export class RedisCacheBus implements CacheBus {
  readonly #handlers = new Map<string, Set<Handler>>();
  readonly #sharded: boolean;
  #onInvalidate: (key: string) => void = () => undefined;

  constructor(
    private readonly pub: RedisClient,
    private readonly sub: RedisClient,
    private readonly keys: KeySpace,
    private readonly instanceId: string,
  ) {
    this.#sharded = isCluster(sub);
    const dispatch = (channel: string, message: string) => this.dispatch(channel, message);
    sub.on('message', dispatch);
    if (this.#sharded) sub.on('smessage', dispatch);
  }

  async start(onInvalidate: (key: string) => void): Promise<void> {
    this.#onInvalidate = onInvalidate;
    await bounded(this.sub.subscribe(this.keys.invalidations()), SUBSCRIBE_WAIT * 2);
  }

  async publishInvalidation(key: string): Promise<void> {
    const msg = encodeInvalidation({ key, source: this.instanceId });
    await this.pub.publish(this.keys.invalidations(), msg);
  }

  async onFilled(key: string, handler: Handler): Promise<() => void> {
    const channel = this.keys.filled(key);
    let set = this.#handlers.get(channel);
    if (!set) this.#handlers.set(channel, (set = new Set()));
    set.add(handler);
    if (set.size === 1) {
      const subscribed = this.#sharded ? this.sub.ssubscribe(channel) : this.sub.subscribe(channel);
      await bounded(subscribed, SUBSCRIBE_WAIT);
    }
    return () => {
      set.delete(handler);
      if (set.size > 0 || this.#handlers.get(channel) !== set) return;
      this.#handlers.delete(channel);
      const left = this.#sharded ? this.sub.sunsubscribe(channel) : this.sub.unsubscribe(channel);
      left.catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.#handlers.clear();
  }

  private dispatch(channel: string, message: string): void {
    if (channel === this.keys.invalidations()) {
      const msg = decodeInvalidation(message);
      if (msg && msg.source !== this.instanceId) this.#onInvalidate(msg.key);
      return;
    }
    for (const h of this.#handlers.get(channel) ?? []) h();
  }
}

/** In-process bus over the memory backend's emitter. */
export class MemoryCacheBus implements CacheBus {
  #listener?: (raw: string) => void;

  constructor(
    private readonly backend: MemoryBackend,
    private readonly keys: KeySpace,
    private readonly instanceId: string,
  ) {}

  async start(onInvalidate: (key: string) => void): Promise<void> {
    this.#listener = (raw) => {
      const msg = decodeInvalidation(raw);
      if (msg && msg.source !== this.instanceId) onInvalidate(msg.key);
    };
    this.backend.events.on(this.keys.invalidations(), this.#listener);
  }

  async publishInvalidation(key: string): Promise<void> {
    const msg = encodeInvalidation({ key, source: this.instanceId });
    this.backend.events.emit(this.keys.invalidations(), msg);
  }

  async onFilled(key: string, handler: Handler): Promise<() => void> {
    const channel = this.keys.filled(key);
    this.backend.events.on(channel, handler);
    return () => this.backend.events.off(channel, handler);
  }

  async close(): Promise<void> {
    if (this.#listener) this.backend.events.off(this.keys.invalidations(), this.#listener);
  }
}
