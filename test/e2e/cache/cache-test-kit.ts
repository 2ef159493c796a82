import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { Pool } from 'pg';
import { Registry } from 'prom-client';
import { Logger } from '@nestjs/common';
import {
  CacheService,
  type CacheEventData,
  type CacheEventName,
  type CacheModuleOptions,
} from '@bulwark/cache';

// Startup lines ("L2 backend: redis …") are asserted where they matter, not printed per test.
Logger.overrideLogger(false);

export const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
export const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * Per-file isolation: a random key prefix in Redis (removed afterwards) and, on demand, a
 * Postgres schema of its own (dropped afterwards).
 */
export class CacheTestKit {
  readonly app = `t${randomBytes(4).toString('hex')}`;
  readonly redis = new Redis(REDIS_URL);
  readonly #services: CacheService[] = [];
  #pool?: Pool;
  #schema?: string;

  /** A started CacheService on real Redis with this file's prefix and its own registry. */
  async cache(overrides: CacheModuleOptions = {}): Promise<CacheService> {
    const svc = new CacheService({
      app: this.app,
      namespace: 'ns',
      redisUrl: REDIS_URL,
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
    if (this.#pool && this.#schema) return { pool: this.#pool, schema: this.#schema };
    const schema = `cache_${this.app}`;
    const pool = new Pool({ connectionString: PG_URL, max: 20 });
    await pool.query(`CREATE SCHEMA ${schema}`);
    await pool.query(`CREATE TABLE ${schema}.products (id int PRIMARY KEY, name text, price int)`);
    await pool.query(
      `INSERT INTO ${schema}.products SELECT g, 'product ' || g, g * 10 FROM generate_series(1, $1) g`,
      [rows],
    );
    this.#pool = pool;
    this.#schema = schema;
    return { pool, schema };
  }

  /** Redis keys under this file's prefix. */
  async keys(pattern = '*'): Promise<string[]> {
    return this.redis.keys(`${this.app}:${pattern}`);
  }

  async cleanup(): Promise<void> {
    await Promise.all(this.#services.map((s) => s.onModuleDestroy()));
    const keys = await this.redis.keys(`${this.app}:*`);
    if (keys.length > 0) await this.redis.del(...keys);
    await this.redis.quit();
    if (this.#pool) {
      await this.#pool.query(`DROP SCHEMA ${this.#schema} CASCADE`);
      await this.#pool.end();
    }
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

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
