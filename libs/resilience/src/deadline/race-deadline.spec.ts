import { stat } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { isDeadlineExceededError } from '../errors/deadline-exceeded.error';
import { Deadline } from './deadline';
import { raceDeadline } from './race-deadline';

/** Holds the event loop like a burst of requests would. */
const busy = (ms: number) => {
  const until = Date.now() + ms;
  while (Date.now() < until);
};

describe('raceDeadline', () => {
  it('should reject a call whose deadline has passed without starting it', async () => {
    const run = jest.fn();
    const error = await raceDeadline(new Deadline(Date.now() - 1), 'dep', 100, run).catch(
      (e: unknown) => e,
    );
    expect(isDeadlineExceededError(error)).toBe(true);
    expect(run).not.toHaveBeenCalled();
  });

  it('should let a reply read in the same loop turn as the deadline win (the deadline bounds waiting)', async () => {
    const deadline = Deadline.after(10);
    const raced = raceDeadline(deadline, 'dep', 10, () => stat(__filename));
    // One thread-pool call, done while the loop is held past the deadline; the timers phase
    // then runs before the poll phase that delivers its reply.
    busy(60);
    await expect(raced).resolves.toHaveProperty('size');
  });

  describe('serving past the deadline (a route)', () => {
    it('should still run a call whose deadline passed while it queued and serve an answer in hand', async () => {
      const deadline = new Deadline(Date.now() - 50);
      const answer = async () => {
        await Promise.resolve(); // a few promise hops, as through interceptors and an L1 hit
        await Promise.resolve();
        return 'from L1';
      };
      await expect(raceDeadline(deadline, 'route', 300, answer, true, false, true)).resolves.toBe(
        'from L1',
      );
    });

    it('should reject a call that is still waiting once the deadline fires', async () => {
      const started = Date.now();
      const error = await raceDeadline(
        new Deadline(Date.now() - 1),
        'route',
        300,
        () => sleep(300),
        true,
        false,
        true,
      ).catch((e: unknown) => e);
      expect(isDeadlineExceededError(error)).toBe(true);
      expect(Date.now() - started).toBeLessThan(150);
    });

    it('should serve an answer another watcher of the same deadline gives as it fires', async () => {
      const deadline = Deadline.after(20);
      let answerStale!: (value: string) => void;
      const waiting = new Promise<string>((resolve) => (answerStale = resolve));
      const route = raceDeadline(deadline, 'route', 20, () => waiting, true, false, true);
      // A cache waiter registered after the route: it gives up at the deadline with its copy.
      deadline.watch(() => answerStale('stale copy'));
      await expect(route).resolves.toBe('stale copy');
    });
  });
});
