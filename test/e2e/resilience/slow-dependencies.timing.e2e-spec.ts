/**
 * Acceptance 1: real slowness. Postgres is made slow with pg_sleep on the local server; Redis is
 * made unresponsive with CLIENT PAUSE on a redis-server of our own. Every request must answer
 * within its budget + 25 ms (measured), and breakers must open, reject fast, half-open and close.
 */
import { Controller, Get, INestApplication, Inject, Query } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type Redis from 'ioredis';
import { Registry } from 'prom-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import {
  BreakerHealthIndicator,
  Bulkhead,
  consecutive,
  Deadline,
  Fallback,
  isDeadlineExceededError,
  ResilienceModule,
  runWithDeadline,
  Timeout,
  UseBreaker,
  withStatementTimeout,
} from '@bulwark/resilience';
import { createHttpClient } from './support/http-client';
import { acquireTimingLock, releaseTimingLock, withTimingLock } from './support/timing-lock';
import { RedisServer } from '../../support/redis-server';
import { timed } from './support/timed';

const REDIS = Symbol('REDIS');
const PG_BUDGET = 200;
const REDIS_BUDGET = 150;
const SLACK = 25;

@Controller()
class SlowController {
  constructor(
    private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  @Get('pg')
  @Timeout(PG_BUDGET)
  @UseBreaker('postgres')
  async pg(@Query('sleep') seconds = '0') {
    await withStatementTimeout(this.db, (m) => m.query('SELECT pg_sleep($1)', [Number(seconds)]));
    return { ok: true };
  }

  @Get('pg-stale')
  @Timeout(PG_BUDGET)
  @Fallback('staleAnswer')
  async pgStale() {
    await this.db.query('SELECT pg_sleep(1)');
    return { stale: false };
  }

  /** Route fallbacks get the error and Nest's handler arguments (`req`, `res` for HTTP). */
  staleAnswer(error: unknown, req: { url: string }) {
    return { stale: true, url: req.url, timedOut: isDeadlineExceededError(error) };
  }

  @Get('redis')
  @Timeout(REDIS_BUDGET)
  @UseBreaker('redis')
  async cached() {
    return { value: await this.redis.get('resilience:e2e:key') };
  }

  /**
   * The measured routes' exact path (statement timeout, breaker, 504) on a breaker of its own,
   * so the first measured request is not also the first run of that code in this process.
   */
  @Get('warm')
  @Timeout(PG_BUDGET)
  @UseBreaker('warm-up')
  async warm() {
    await withStatementTimeout(this.db, (m) => m.query('SELECT pg_sleep(1)'));
  }

  @Get('one-at-a-time')
  @Bulkhead(1, 0)
  async oneAtATime() {
    await sleep(100);
    return { ok: true };
  }
}

describe('Resilience | slow dependencies', () => {
  let app: INestApplication;
  let db: DataSource;
  let redisServer: RedisServer;
  let redis: Redis;
  let registry: Registry;

  const gauge = async (name: string) => {
    const metric = registry.getSingleMetric('bulwark_resilience_breaker_state');
    const values = (await metric!.get()).values;
    return values.find((v) => v.labels.policy === name)?.value;
  };
  const health = () => app.get(BreakerHealthIndicator).breakersCheck('breakers').breakers;
  let http: ReturnType<typeof createHttpClient>;
  const get = (path: string) => http.get(path);

  beforeAll(async () => {
    // The whole file, warm-up included, runs alone among timing suites on this machine.
    await acquireTimingLock();
    db = await new DataSource({
      type: 'postgres',
      host: '127.0.0.1',
      port: 5432,
      username: 'postgres',
      database: 'test',
      extra: { max: 10 },
    }).initialize();
    redisServer = await RedisServer.start();
    redis = redisServer.client();
    registry = new Registry();
    const moduleRef = await Test.createTestingModule({
      imports: [
        ResilienceModule.forRoot({
          registry,
          dependencies: {
            postgres: { breaker: { strategy: consecutive(3), openFor: '400ms' } },
            redis: { breaker: { strategy: consecutive(2), openFor: '300ms' } },
          },
        }),
      ],
      controllers: [SlowController],
      providers: [
        { provide: DataSource, useValue: db },
        { provide: REDIS, useValue: redis },
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    http = createHttpClient(await app.getUrl());
    for (let i = 0; i < 2; i++) await http.get('/warm');
  });

  afterAll(async () => {
    http?.close();
    await app?.close();
    await db?.destroy();
    await redisServer?.stop();
    releaseTimingLock();
  });

  describe('postgres (pg_sleep)', () => {
    it('should answer 504 within budget, open after 3 timeouts, reject fast, then half-open and close', () =>
      withTimingLock(async () => {
        expect((await get('/pg')).status).toBe(200);

        for (let i = 0; i < 3; i++) {
          const { ms, ...res } = await get('/pg?sleep=2');
          expect(res.status).toBe(504);
          expect(res.body).toEqual({
            statusCode: 504,
            error: 'Gateway Timeout',
            message: expect.any(String),
          });
          expect(ms).toBeLessThanOrEqual(PG_BUDGET + SLACK);
        }
        expect(await gauge('postgres')).toBe(1);
        expect(health()).toMatchObject({ status: 'down', open: ['postgres'] });

        const { ms: rejectedMs, ...rejected } = await get('/pg');
        expect(rejected.status).toBe(503);
        expect(rejected.headers['retry-after']).toBe('1');
        expect(rejectedMs).toBeLessThan(PG_BUDGET / 2); // did not wait on Postgres

        await sleep(450);
        const { ms: probeMs, ...probe } = await get('/pg?sleep=2'); // still slow: re-opens
        expect(probe.status).toBe(504);
        expect(probeMs).toBeLessThanOrEqual(PG_BUDGET + SLACK);
        expect(await gauge('postgres')).toBe(1);

        await sleep(450);
        const recovered = await get('/pg'); // recovered: probe succeeds, breaker closes
        expect(recovered.status).toBe(200);
        expect(await gauge('postgres')).toBe(0);
        expect(health().status).toBe('up');
      }));

    it('should have Postgres cancel the statement itself at the remaining budget', async () => {
      // No race here: only statement_timeout can end pg_sleep(2) after ~100 ms.
      const { value: error, ms } = await timed(() =>
        runWithDeadline(Deadline.after(100), () =>
          withStatementTimeout(db, (m) => m.query('SELECT pg_sleep(2)')),
        ).catch((e: unknown) => e),
      );
      expect(isDeadlineExceededError(error)).toBe(true);
      // Not the HTTP acceptance (that is above): this only shows pg stopped long before 2 s.
      expect(ms).toBeLessThan(500);
    });

    it('should serve the fallback at the budget instead of 504', () =>
      withTimingLock(async () => {
        const { ms, ...res } = await get('/pg-stale');
        expect(res.status).toBe(200);
        expect(res.body).toEqual({ stale: true, url: '/pg-stale', timedOut: true });
        expect(ms).toBeLessThanOrEqual(PG_BUDGET + SLACK);
      }));
  });

  describe('redis (CLIENT PAUSE)', () => {
    it('should answer 504 within budget while paused, open, reject fast, and close once Redis is back', () =>
      withTimingLock(async () => {
        await redis.set('resilience:e2e:key', 'v');
        expect((await get('/redis')).body).toEqual({ value: 'v' });

        const admin = redisServer.client();
        // Every client is paused, this one too (so no early UNPAUSE): 1 s outlasts the requests below.
        await admin.call('CLIENT', 'PAUSE', '1000', 'ALL');
        const pausedAt = Date.now();
        for (let i = 0; i < 2; i++) {
          const { ms, ...res } = await get('/redis');
          expect(res.status).toBe(504);
          expect(ms).toBeLessThanOrEqual(REDIS_BUDGET + SLACK);
        }
        const { ms: rejectedMs, ...rejected } = await get('/redis');
        expect(rejected.status).toBe(503);
        expect(rejectedMs).toBeLessThan(REDIS_BUDGET / 2); // did not wait on Redis
        expect(await gauge('redis')).toBe(1);

        await sleep(Math.max(0, pausedAt + 1_000 - Date.now()) + 350);
        const recovered = await get('/redis');
        expect(recovered.status).toBe(200);
        expect(await gauge('redis')).toBe(0);
      }));
  });

  describe('bulkhead', () => {
    it('should reject the call beyond limit + queue with 503 and Retry-After', async () => {
      const [a, b] = await Promise.all([
        get('/one-at-a-time'),
        sleep(10).then(() => get('/one-at-a-time')),
      ]);
      expect([a.status, b.status].sort()).toEqual([200, 503]);
      const rejected = a.status === 503 ? a : b;
      expect(rejected.headers['retry-after']).toBe('1');
      expect(rejected.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: expect.any(String),
      });
    });
  });
});
