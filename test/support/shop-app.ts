import { INestApplication } from '@nestjs/common';
import Redis from 'ioredis';
import request from 'supertest';
import { createShopApp } from '../../apps/shop/src/bootstrap';
import { createSchema, dropSchema, TEST_DATABASE_URL, uniqueName } from './postgres';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** One shop on its own Postgres schema and Redis key prefix, torn down by {@link TestShop.close}. */
export interface TestShop {
  app: INestApplication;
  schema: string;
  redisPrefix: string;
  http: () => ReturnType<typeof request>;
  close(): Promise<void>;
}

export async function startTestShop(
  env: Record<string, string | undefined> = {},
): Promise<TestShop> {
  const schema = await createSchema('shop');
  const redisPrefix = uniqueName('shop');
  const app = await createShopApp({
    DATABASE_URL: TEST_DATABASE_URL,
    DATABASE_SCHEMA: schema,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: redisPrefix,
    LOG_LEVEL: 'silent',
    // In-process, the shop shares its event loop with Jest, the test's client and the embedded
    // broker, whose CPU admission control would count as the server's: a test turns it on itself.
    ADMISSION_CONTROL: 'off',
    ...env,
  });
  await app.init();
  // Fastify registers Nest's routes in init() but serves only once its plugin tree is ready.
  await app.getHttpAdapter().getInstance().ready();
  await app.startAllMicroservices();
  return {
    app,
    schema,
    redisPrefix,
    http: () => request(app.getHttpServer()),
    async close() {
      await app.close();
      await dropSchema(schema);
      await deleteRedisKeys(`${redisPrefix}:*`);
    },
  };
}

/** Removes a test's Redis keys (SCAN, not KEYS, so a shared server is not blocked). */
export async function deleteRedisKeys(pattern: string): Promise<void> {
  const redis = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
