import { NotFoundException } from '@nestjs/common';
import { CircuitState } from 'cockatiel';
import { Registry } from 'prom-client';
import { setTimeout as sleep } from 'node:timers/promises';
import { Deadline, runWithDeadline } from '../deadline/deadline';
import { isBulkheadFullError } from '../errors/bulkhead-full.error';
import { isCircuitOpenError } from '../errors/circuit-open.error';
import { isDeadlineExceededError } from '../errors/deadline-exceeded.error';
import { ResilienceMetrics } from '../metrics/resilience.metrics';
import { consecutive } from './breaker-strategies';
import { bulkheadPolicy } from './bulkhead';
import { breakerPolicy } from './circuit-breaker';
import { FallbackHandler } from './fallback';
import { PolicyStack, PolicyStackParts } from './policy-stack';
import { retryPolicy } from './retry';

const metricValue = async (metrics: ResilienceMetrics, name: keyof ResilienceMetrics) => {
  const metric = metrics[name];
  if (typeof metric !== 'object' || !('get' in metric)) throw new Error(name);
  const values = (await metric.get()).values;
  return values.reduce((sum, v) => sum + v.value, 0);
};

describe('PolicyStack', () => {
  let metrics: ResilienceMetrics;
  const stack = (parts: Omit<PolicyStackParts, 'name' | 'metrics'>) =>
    new PolicyStack({ name: 'dep', metrics, ...parts });

  beforeEach(() => {
    metrics = new ResilienceMetrics(new Registry());
  });

  describe('fallback', () => {
    it('should answer a timeout with the fallback, given the error and the call arguments', async () => {
      const fallback = jest.fn((error: unknown, id: unknown) => ({
        stale: id,
        timeout: isDeadlineExceededError(error),
      }));
      const s = stack({ timeoutMs: 20, fallback: new FallbackHandler(fallback) });
      // The call ends far past the budget: a deadline lets a value that arrived in the same loop
      // turn win, and a 200 ms stall of a loaded test worker used to make this one do so.
      await expect(s.execute(() => sleep(2_000), { args: [42] })).resolves.toEqual({
        stale: 42,
        timeout: true,
      });
      expect(await metricValue(metrics, 'fallbacks')).toBe(1);
      expect(await metricValue(metrics, 'timeouts')).toBe(1);
    });

    it('should never replace a successful result or a client error', async () => {
      const s = stack({ fallback: new FallbackHandler({ value: 'fallback' }) });
      await expect(s.execute(async () => 'stale-from-cache')).resolves.toBe('stale-from-cache');
      await expect(s.execute(() => Promise.reject(new NotFoundException()))).rejects.toBeInstanceOf(
        NotFoundException,
      );
    });

    it('should call a named method of the instance', async () => {
      const instance = {
        lastGood: 'cached',
        fromCache(this: { lastGood: string }) {
          return this.lastGood;
        },
      };
      const s = stack({ fallback: new FallbackHandler('fromCache') });
      await expect(s.execute(() => Promise.reject(new Error('x')), { instance })).resolves.toBe(
        'cached',
      );
    });
  });

  describe('errors', () => {
    it('should map an open breaker to CircuitOpenError with the open time as Retry-After', async () => {
      const breaker = breakerPolicy('postgres', { strategy: consecutive(1), openFor: '3s' });
      const s = stack({ breaker });
      await s.execute(() => Promise.reject(new Error('down'))).catch(() => undefined);
      const error = await s.execute(async () => 1).catch((e: unknown) => e);
      expect(isCircuitOpenError(error) && error.retryAfterSeconds).toBe(3);
      expect(isCircuitOpenError(error) && error.getStatus()).toBe(503);
    });

    it('should reject beyond limit + queue with BulkheadFullError and count it', async () => {
      const s = stack({ bulkhead: bulkheadPolicy({ limit: 1, queue: 1 }), retryAfterSeconds: 2 });
      const calls = [0, 1, 2].map(() => s.execute(() => sleep(30)).catch((e: unknown) => e));
      const results = await Promise.all(calls);
      expect(results.filter(isBulkheadFullError)).toHaveLength(1);
      expect(await metricValue(metrics, 'bulkheadRejections')).toBe(1);
    });

    it('should drop a queued call whose deadline passed before it got a slot', async () => {
      const s = stack({ timeoutMs: 30, bulkhead: bulkheadPolicy({ limit: 1, queue: 1 }) });
      const queued = jest.fn();
      const first = s.execute(() => sleep(80)).catch(() => undefined);
      const second = await s.execute(queued).catch((e: unknown) => e);
      await first;
      await sleep(60); // the bulkhead has released the queued item by now
      expect(isDeadlineExceededError(second)).toBe(true);
      expect(queued).not.toHaveBeenCalled();
    });
  });

  describe('retry', () => {
    it('should retry server errors within the budget and count the retries', async () => {
      let calls = 0;
      const s = stack({ timeoutMs: 500, retry: retryPolicy({ attempts: 3, initialDelay: '1ms' }) });
      const result = await s.execute(async () => {
        if (++calls < 3) throw new Error('flaky');
        return 'ok';
      });
      expect(result).toBe('ok');
      expect(calls).toBe(3);
      expect(await metricValue(metrics, 'retries')).toBe(2);
    });
  });

  describe('deadline', () => {
    it("should release each call's timer when the call settles", async () => {
      const set = jest.spyOn(global, 'setTimeout');
      const cleared = jest.spyOn(global, 'clearTimeout');
      try {
        const s = stack({ timeoutMs: 60_000, breaker: breakerPolicy('t', {}) });
        for (let i = 0; i < 100; i++) await s.execute(async () => i);
        await Promise.all(Array.from({ length: 100 }, (_, i) => s.execute(async () => i)));
        expect(set).toHaveBeenCalledTimes(200);
        expect(cleared).toHaveBeenCalledTimes(200);
      } finally {
        set.mockRestore();
        cleared.mockRestore();
      }
    });

    it('should not let a caller with a tiny deadline trip the breaker', async () => {
      const breaker = breakerPolicy('pg', { strategy: consecutive(1) });
      const s = stack({ timeoutMs: 200, breaker });
      const call = () => runWithDeadline(Deadline.after(5), () => s.execute(() => sleep(50)));
      expect(isDeadlineExceededError(await call().catch((e: unknown) => e))).toBe(true);
      expect(breaker.state).toBe(CircuitState.Closed);
      // Its own budget: counts. The call would end far past it: a stall of the test machine
      // that held the loop past both would otherwise let the reply win (deadlines are loop-aware).
      await s.execute(() => sleep(1_000)).catch(() => undefined);
      expect(breaker.state).toBe(CircuitState.Open);
    });

    it("should not count a caller's deadline that leaves more than half the budget (issue 20)", async () => {
      // A client's x-request-timeout: 500 over a 1 s budget used to count: a burst of such
      // orders queued on a hot row opened the shared Postgres breaker.
      const breaker = breakerPolicy('pg', { strategy: consecutive(1) });
      const s = stack({ timeoutMs: 200, breaker });
      const call = () => runWithDeadline(Deadline.after(150), () => s.execute(() => sleep(1_000)));
      expect(isDeadlineExceededError(await call().catch((e: unknown) => e))).toBe(true);
      expect(breaker.state).toBe(CircuitState.Closed);
    });

    it('should not count a timeout that passed while the call queued in the bulkhead', async () => {
      const breaker = breakerPolicy('pg', { strategy: consecutive(1) });
      const bulkhead = bulkheadPolicy({ limit: 1, queue: 5 });
      const s = stack({ timeoutMs: 100, breaker, bulkhead });
      const slot = s.execute(() => sleep(60));
      const waiting = s.execute(() => sleep(1_000)).catch((e: unknown) => e);
      await slot;
      // The waiting call started 60 ms late and timed out 40 ms later: not its own budget.
      expect(isDeadlineExceededError(await waiting)).toBe(true);
      expect(breaker.state).toBe(CircuitState.Closed);
    });

    it("should count a timeout after the call proper ran the stack's whole budget", async () => {
      const breaker = breakerPolicy('pg', { strategy: consecutive(1) });
      const s = stack({ timeoutMs: 50, breaker });
      await s.execute(() => sleep(1_000)).catch(() => undefined);
      expect(breaker.state).toBe(CircuitState.Open);
    });

    it("should leave the wait before context.markStarted() out of a 'marked' call", async () => {
      const breaker = breakerPolicy('pg', {
        strategy: consecutive(1, { slowCall: '80ms' }),
      });
      const s = stack({ breaker });
      // 150 ms waiting for a connection, then a 10 ms query: not slow.
      await s.execute(
        async (ctx) => {
          await sleep(150);
          ctx.markStarted();
          await sleep(10);
        },
        { start: 'marked' },
      );
      expect(breaker.state).toBe(CircuitState.Closed);
      // The same wait counted from entry is a slow call.
      await s.execute(async () => {
        await sleep(150);
      });
      expect(breaker.state).toBe(CircuitState.Open);
    });

    it("should not count a timeout that passed before a 'marked' call started", async () => {
      const breaker = breakerPolicy('pg', { strategy: consecutive(1) });
      const s = stack({ timeoutMs: 50, breaker });
      const outcome = await s
        .execute(() => sleep(1_000), { start: 'marked' })
        .catch((e: unknown) => e);
      expect(isDeadlineExceededError(outcome)).toBe(true);
      expect(breaker.state).toBe(CircuitState.Closed);
    });

    it('should answer at its budget while cockatiel parks it behind a half-open probe', async () => {
      const breaker = breakerPolicy('pg', { strategy: consecutive(1), openFor: '20ms' });
      const slowProbe = stack({ timeoutMs: 400, breaker });
      const quick = stack({ timeoutMs: 40, breaker });
      await quick.execute(() => Promise.reject(new Error('down'))).catch(() => undefined);
      await sleep(30);
      const probe = slowProbe.execute(() => sleep(300)).catch(() => undefined);
      const started = Date.now();
      const parked = await quick.execute(async () => 'ok').catch((e: unknown) => e);
      expect(isDeadlineExceededError(parked)).toBe(true);
      expect(Date.now() - started).toBeLessThan(200);
      await probe;
    });

    it('should serve a route whose deadline passed while it queued, its dependency calls failing fast', async () => {
      const route = new PolicyStack({ name: 'Products.get', timeoutMs: 300, metrics });
      const postgres = stack({ timeoutMs: 250 });
      const queuedPast = { at: Date.now() - 10, expired: 'serve' } as const;
      await expect(route.execute(async () => 'from L1', queuedPast)).resolves.toBe('from L1');
      const query = jest.fn();
      const miss = await route
        .execute(() => postgres.execute(query), queuedPast)
        .catch((e: unknown) => e);
      expect(isDeadlineExceededError(miss)).toBe(true);
      expect(query).not.toHaveBeenCalled();
    });

    it('should still answer 504 at the deadline for a route waiting on a dependency', async () => {
      const route = new PolicyStack({ name: 'Products.get', timeoutMs: 300, metrics });
      const started = Date.now();
      const error = await route
        .execute(() => sleep(300), { at: Date.now() + 30, expired: 'serve' })
        .catch((e: unknown) => e);
      expect(isDeadlineExceededError(error)).toBe(true);
      expect(Date.now() - started).toBeLessThan(200);
    });

    it('should not start a dependency call whose deadline has passed', async () => {
      const query = jest.fn();
      const error = await stack({ timeoutMs: 250 })
        .execute(query, { at: Date.now() - 1 })
        .catch((e: unknown) => e);
      expect(isDeadlineExceededError(error)).toBe(true);
      expect(query).not.toHaveBeenCalled();
    });

    it('should be capped by the caller deadline', async () => {
      const s = stack({ timeoutMs: 10_000 });
      const started = Date.now();
      const error = await runWithDeadline(Deadline.after(30), () =>
        s.execute(() => sleep(300)),
      ).catch((e: unknown) => e);
      expect(isDeadlineExceededError(error)).toBe(true);
      expect(Date.now() - started).toBeLessThan(200);
    });
  });
});
