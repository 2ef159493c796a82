/**
 * Rate limits held in Redis hold across instances: two Nest apps share one limit through
 * RedisThrottlerStorage on a redis-server of this test's own.
 */
import { Controller, Get, INestApplication } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { randomUUID } from 'node:crypto';
import { RedisThrottlerStorage } from '@bulwark/resilience';
import { createHttpClient } from './support/http-client';
import { RedisServer } from '../../support/redis-server';
import { createTestApp, HTTP_ADAPTERS } from '../../support/http-adapters';

@Controller()
class PingController {
  @Get('ping')
  ping() {
    return { pong: true };
  }
}

describe.each(HTTP_ADAPTERS)('Resilience | rate limit across instances (%s)', (adapter) => {
  let redisServer: RedisServer;
  const apps: INestApplication[] = [];
  const clients: Array<ReturnType<typeof createHttpClient>> = [];
  const prefix = `test:${randomUUID()}:`;

  const startInstance = async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        ThrottlerModule.forRoot({
          throttlers: [{ ttl: 10_000, limit: 3 }],
          storage: new RedisThrottlerStorage(redisServer.client(), { prefix }),
        }),
      ],
      controllers: [PingController],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    }).compile();
    const app = createTestApp(moduleRef, adapter);
    await app.listen(0, '127.0.0.1');
    apps.push(app);
    const client = createHttpClient(await app.getUrl());
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    redisServer = await RedisServer.start();
  });

  afterAll(async () => {
    clients.forEach((c) => c.close());
    await Promise.all(apps.map((a) => a.close()));
    await redisServer?.stop();
  });

  describe('RedisThrottlerStorage', () => {
    it('should count hits on both instances against one limit and answer 429 with Retry-After', async () => {
      const a = await startInstance();
      const b = await startInstance();
      const statuses = [
        (await a.get('/ping')).status,
        (await b.get('/ping')).status,
        (await a.get('/ping')).status,
      ];
      expect(statuses).toEqual([200, 200, 200]);
      const limited = await b.get('/ping');
      expect(limited.status).toBe(429);
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      expect(limited.body).toMatchObject({ statusCode: 429 });
      expect((await a.get('/ping')).status).toBe(429); // blocked on every instance
    });

    it('should keep the window in Redis with an expiry (atomic INCR + PEXPIRE)', async () => {
      const redis = redisServer.client();
      const keys = await redis.keys(`${prefix}*`);
      expect(keys.some((k) => k.endsWith(':hits'))).toBe(true);
      const ttls = await Promise.all(keys.map((k) => redis.pttl(k)));
      expect(ttls.every((t) => t > 0 && t <= 10_000)).toBe(true);
    });
  });
});
