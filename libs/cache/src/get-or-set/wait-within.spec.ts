import { setTimeout as sleep } from 'node:timers/promises';
import type { CallerDeadline } from '../caller-deadline';
import { SingleFlight } from '../locks/single-flight';
import { waitWithin } from './wait-within';

/** A deadline with its own timer, as a caller library would hand it over. */
const deadlineIn = (ms: number): CallerDeadline => {
  const watchers = new Set<() => void>();
  let timer: NodeJS.Timeout | undefined;
  return {
    at: Date.now() + ms,
    watch(onExpire) {
      watchers.add(onExpire);
      timer ??= setTimeout(() => watchers.forEach((w) => w()), ms);
    },
    unwatch(onExpire) {
      watchers.delete(onExpire);
      if (watchers.size === 0) clearTimeout(timer);
    },
  };
};

describe('waitWithin', () => {
  it('should pass the work through and stop watching the deadline', async () => {
    const deadline = deadlineIn(1_000);
    const unwatch = jest.spyOn(deadline, 'unwatch');
    await expect(waitWithin(Promise.resolve('v'), deadline, () => 'late')).resolves.toBe('v');
    expect(unwatch).toHaveBeenCalledTimes(1);
  });

  it("should answer with onExpire's value or throw at the deadline", async () => {
    const slow = sleep(200, 'v');
    await expect(waitWithin(slow, deadlineIn(10), () => 'stale')).resolves.toBe('stale');
    const failing = waitWithin(slow, deadlineIn(10), () => {
      throw new Error('504');
    });
    await expect(failing).rejects.toThrow('504');
  });

  it('should let each single-flight waiter leave at its own deadline while the load goes on', async () => {
    const flights = new SingleFlight();
    let loads = 0;
    const load = async () => {
      loads++;
      await sleep(300);
      return 'value';
    };
    const started = Date.now();
    const short = waitWithin(flights.run('k', load), deadlineIn(5), () => {
      throw new Error(`gave up after ${Date.now() - started} ms`);
    });
    const others = Array.from({ length: 20 }, () =>
      waitWithin(flights.run('k', load), deadlineIn(1_000), () => 'never'),
    );
    await expect(short).rejects.toThrow(/gave up/);
    expect(Date.now() - started).toBeLessThan(150);
    expect(await Promise.all(others)).toEqual(Array(20).fill('value'));
    expect(loads).toBe(1);
  });

  it('should not leave an unhandled rejection when the shared work fails after its waiter left', async () => {
    const failing = sleep(30).then(() => Promise.reject(new Error('load failed')));
    await expect(waitWithin(failing, deadlineIn(5), () => 'stale')).resolves.toBe('stale');
    await sleep(50);
  });
});
