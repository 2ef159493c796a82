import { randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import type { Pool } from 'pg';
import { Registry } from 'prom-client';
import { Logger } from '@nestjs/common';
import {
  CacheService,
  type CacheEventData,
  type CacheEventName,
  type CacheModuleOptions,
} from '@bulwark/cache';
import { createProductsSchema, type ProductsSchema } from '../../support/products-schema';
import {
  type RedisTopology,
  type RedisTopologyName,
  SINGLE_REDIS_URL,
  startRedisTopology,
  tagged,
} from '../../support/redis-topology';

// Startup lines ("L2 backend: redis …") are asserted where they matter, not printed per test.
Logger.overrideLogger(false);

export const REDIS_URL = SINGLE_REDIS_URL;

/**
 * Per-file isolation: a random key prefix in Redis (removed afterwards) and, on demand, a
 * Postgres schema of its own (dropped afterwards). On the `cluster` topology the file gets a
 * 6-node Redis Cluster of its own (started by `start()`, or by the first `cache()`).
 */
export class CacheTestKit {
  readonly app = `t${randomBytes(4).toString('hex')}`;
  readonly #services: CacheService[] = [];
  #topology?: Promise<RedisTopology>;
  #started?: RedisTopology;
  #redis?: Redis | Cluster;
  #products?: ProductsSchema;

  constructor(readonly topology: RedisTopologyName = 'single') {}

  /** Starts this file's Redis (idempotent). */
  async start(): Promise<RedisTopology> {
    this.#topology ??= startRedisTopology(this.topology);
    this.#started = await this.#topology;
    return this.#started;
  }

  /** An admin client on this file's Redis (after `start()`). */
  get redis(): Redis | Cluster {
    if (!this.#started) throw new Error('CacheTestKit: await kit.start() before using kit.redis');
    this.#redis ??= this.#started.client();
    return this.#redis;
  }

  /** The Redis name of a cache key's value (or of a lock / Bloom name with `kind`). */
  key(key: string, kind: '' | '__lock:' | '__bloom:' = ''): string {
    return `${this.app}:ns:${kind}${tagged(this.topology, key)}`;
  }

  /** A started CacheService on real Redis with this file's prefix and its own registry. */
  async cache(overrides: CacheModuleOptions = {}): Promise<CacheService> {
    const topology = await this.start();
    const svc = new CacheService({
      app: this.app,
      namespace: 'ns',
      ...topology.cacheOptions,
      registry: new Registry(),
      // Test files share one Redis in parallel workers; the 50 ms production timeout would turn
      // another file's bulk pipeline into a false outage here. Degradation tests use a dead port.
      commandTimeout: 2_000,
      ...overrides,
    });
    await svc.onModuleInit();
    this.#services.push(svc);
    return svc;
  }

  /** A pool on a fresh schema with a `products` table of `rows` rows (ids 1..rows). */
  async pg(rows = 100): Promise<{ pool: Pool; schema: string }> {
    this.#products ??= await createProductsSchema({ prefix: 'cache', rows, poolSize: 20 });
    return { pool: this.#products.pool, schema: this.#products.schema };
  }

  /** Redis keys under this file's prefix (on every master of a cluster). */
  async keys(pattern = '*'): Promise<string[]> {
    return (await this.start()).keys(`${this.app}:${pattern}`);
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.#services.map((s) => s.onModuleDestroy()));
    if (this.#topology) {
      const topology = await this.#topology;
      try {
        await topology.deleteKeys(`${this.app}:*`);
      } finally {
        await topology.stop();
      }
    }
    await this.#products?.drop();
  }
}

/** Resolves on the next event `name` from `svc` that matches `pred`. */
export function nextEvent<N extends CacheEventName>(
  svc: CacheService,
  name: N,
  pred: (data: CacheEventData<N>) => boolean = () => true,
): Promise<CacheEventData<N>> {
  return new Promise<unknown>((resolve) => {
    const off = svc.on(name, (data: CacheEventData<N>) => {
      if (!pred(data)) return;
      off();
      resolve(data);
    });
  }) as Promise<CacheEventData<N>>;
}

// The cache specs import it from here with the kit; one definition in test support.
export { sleep } from '../../support/wait-for';
