import { setTimeout as sleep } from 'node:timers/promises';
import { isDeadlineExceededError } from '../errors/deadline-exceeded.error';
import { Deadline, runWithDeadline } from './deadline';
import { budgetFor, kafkaSendTimeout, redisWithinBudget } from './downstream';

describe('downstream helpers', () => {
  describe('kafkaSendTimeout', () => {
    it("should use kafkajs' default outside a deadline and the remaining budget inside one", () => {
      expect(kafkaSendTimeout()).toBe(30_000);
      const inside = runWithDeadline(Deadline.after(250), () => kafkaSendTimeout());
      expect(inside).toBeGreaterThan(200);
      expect(inside).toBeLessThanOrEqual(250);
    });
  });

  describe('budgetFor', () => {
    it('should refuse to start a call once the budget is gone', () => {
      const run = () =>
        runWithDeadline(new Deadline(Date.now() - 1), () => budgetFor('redis', 100));
      expect(run).toThrow(
        expect.objectContaining({ isDeadlineExceededError: true, policy: 'redis' }),
      );
    });
  });

  describe('redisWithinBudget', () => {
    it('should free the caller at the remaining budget', async () => {
      const started = Date.now();
      const error = await runWithDeadline(Deadline.after(30), () =>
        redisWithinBudget(() => sleep(300).then(() => 'late')),
      ).catch((e: unknown) => e);
      expect(isDeadlineExceededError(error)).toBe(true);
      expect(Date.now() - started).toBeLessThan(200);
    });

    it('should pass a quick answer through', async () => {
      await expect(redisWithinBudget(async () => 'v', 100)).resolves.toBe('v');
    });
  });
});
