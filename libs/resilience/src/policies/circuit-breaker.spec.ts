import { NotFoundException } from '@nestjs/common';
import { CircuitState, isBrokenCircuitError } from 'cockatiel';
import { setTimeout as sleep } from 'node:timers/promises';
import { consecutive, sampling } from './breaker-strategies';
import { breakerPolicy } from './circuit-breaker';

const fail = () => Promise.reject(new Error('down'));

describe('BreakerPolicy', () => {
  describe('consecutive', () => {
    it('should open after the threshold, reject fast, then half-open and close on success', async () => {
      const breaker = breakerPolicy('pg', { strategy: consecutive(3), openFor: '50ms' });
      for (let i = 0; i < 3; i++) await expect(breaker.execute(fail)).rejects.toThrow('down');
      expect(breaker.state).toBe(CircuitState.Open);
      const call = jest.fn();
      expect(isBrokenCircuitError(await breaker.execute(call).catch((e: unknown) => e))).toBe(true);
      expect(call).not.toHaveBeenCalled();
      await sleep(60);
      await expect(breaker.execute(async () => 'ok')).resolves.toBe('ok');
      expect(breaker.state).toBe(CircuitState.Closed);
    });

    it('should not count client errors (4xx) as failures', async () => {
      const breaker = breakerPolicy('pg', { strategy: consecutive(2) });
      for (let i = 0; i < 3; i++) {
        await expect(
          breaker.execute(() => Promise.reject(new NotFoundException())),
        ).rejects.toThrow();
      }
      expect(breaker.state).toBe(CircuitState.Closed);
    });

    it('should count slow successes as failures but still return their value', async () => {
      const breaker = breakerPolicy('redis', { strategy: consecutive(2, { slowCall: '10ms' }) });
      const slow = async () => {
        await sleep(20);
        return 'late';
      };
      await expect(breaker.execute(slow)).resolves.toBe('late');
      await expect(breaker.execute(slow)).resolves.toBe('late');
      expect(breaker.state).toBe(CircuitState.Open);
    });
  });

  describe('sampling', () => {
    it('should open on the failure rate only once the window holds the minimum calls', async () => {
      const breaker = breakerPolicy('kafka', {
        strategy: sampling({ failureRate: 0.5, window: '10s', minimumCalls: 10 }),
      });
      for (let i = 0; i < 4; i++) await breaker.execute(async () => 1);
      for (let i = 0; i < 5; i++) await breaker.execute(fail).catch(() => undefined);
      expect(breaker.state).toBe(CircuitState.Closed); // 9 calls: below the minimum
      await breaker.execute(fail).catch(() => undefined);
      expect(breaker.state).toBe(CircuitState.Open); // 6/10 failed
    });

    it('should open on the slow-call rate with its own threshold', async () => {
      const breaker = breakerPolicy('http', {
        strategy: sampling({
          failureRate: 0.9,
          slowCallRate: 0.5,
          slowCall: '5ms',
          minimumCalls: 4,
        }),
      });
      await breaker.execute(async () => 1);
      for (let i = 0; i < 3; i++) await breaker.execute(() => sleep(10));
      expect(breaker.state).toBe(CircuitState.Open); // 3/4 slow > 50%, 0 errors
    });
  });
});
