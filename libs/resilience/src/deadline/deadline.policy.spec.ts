import { setTimeout as sleep } from 'node:timers/promises';
import { isDeadlineExceededError } from '../errors/deadline-exceeded.error';
import { currentDeadline, Deadline, remainingBudget, runWithDeadline } from './deadline';
import { DeadlinePolicy, timeoutPolicy } from './deadline.policy';

describe('DeadlinePolicy', () => {
  describe('execute', () => {
    it('should pass a successful result through and clear its timer', async () => {
      const policy = timeoutPolicy('50ms');
      await expect(policy.execute(async () => 'ok')).resolves.toBe('ok');
    });

    it('should reject with DeadlineExceededError at the budget even if the call ignores the signal', async () => {
      const policy = new DeadlinePolicy(30, 'slow');
      const started = Date.now();
      const error: unknown = await policy.execute(() => sleep(200)).catch((e: unknown) => e);
      expect(isDeadlineExceededError(error)).toBe(true);
      expect(Date.now() - started).toBeLessThan(150);
    });

    it('should abort the lazily created signal when the budget runs out', async () => {
      const policy = new DeadlinePolicy(20);
      let signal: AbortSignal | undefined;
      await policy
        .execute(({ signal: s }) => {
          signal = s;
          return sleep(100);
        })
        .catch(() => undefined);
      expect(signal?.aborted).toBe(true);
    });

    it('should expose the remaining budget to everything the call runs', async () => {
      const seen = await new DeadlinePolicy(500).execute(async () => {
        await sleep(5);
        return remainingBudget();
      });
      expect(seen).toBeGreaterThan(400);
      expect(seen).toBeLessThanOrEqual(500);
    });

    it('should reuse the caller deadline when it is sooner, so one request has one signal', async () => {
      const request = Deadline.after(100);
      const inner = await runWithDeadline(request, () =>
        new DeadlinePolicy(10_000).execute(() => currentDeadline()),
      );
      expect(inner).toBe(request);
    });

    it('should fail at once when the caller deadline has already passed', async () => {
      const onTimeout = jest.fn();
      const policy = new DeadlinePolicy(1_000);
      policy.onTimeout(onTimeout);
      const error = await runWithDeadline(new Deadline(Date.now() - 1), () =>
        policy.execute(async () => 'never'),
      ).catch((e: unknown) => e);
      expect(isDeadlineExceededError(error)).toBe(true);
      expect(onTimeout).toHaveBeenCalledTimes(1);
    });

    it('should run without a timer when neither it nor the caller has a budget', async () => {
      const seen = await new DeadlinePolicy(Infinity).execute(({ deadline, signal }) => ({
        deadline,
        aborted: signal.aborted,
      }));
      expect(seen).toEqual({ deadline: undefined, aborted: false });
    });
  });
});
