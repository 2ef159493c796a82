import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Registry } from 'prom-client';
import type { CacheDeadlines, CallerDeadline } from '../caller-deadline';
import { CacheService } from '../cache.service';

class TestDeadline implements CallerDeadline {
  readonly #watchers = new Set<() => void>();
  #timer?: NodeJS.Timeout;
  constructor(readonly at: number) {}
  watch(onExpire: () => void): void {
    this.#watchers.add(onExpire);
    this.#timer ??= setTimeout(() => this.#watchers.forEach((w) => w()), this.at - Date.now());
  }
  unwatch(onExpire: () => void): void {
    this.#watchers.delete(onExpire);
    if (this.#watchers.size === 0) clearTimeout(this.#timer);
  }
}

class DeadlineExceeded extends Error {}

/** What `@bulwark/resilience` provides, reduced to an AsyncLocalStorage. */
const storage = new AsyncLocalStorage<TestDeadline | undefined>();
const deadlines: CacheDeadlines = {
  current: () => storage.getStore(),
  detached: (fn) => storage.run(undefined, fn),
  exceeded: (what) => new DeadlineExceeded(what),
};
const within = <T>(ms: number, fn: () => T): T =>
  storage.run(new TestDeadline(Date.now() + ms), fn);

describe('CacheService | caller deadlines (memory backend)', () => {
  let cache: CacheService;
  beforeEach(async () => {
    cache = new CacheService({ registry: new Registry(), deadlines });
    await cache.onModuleInit();
  });
  afterEach(() => cache.onModuleDestroy());

  it('should run a shared load outside the leader deadline and let each waiter keep its own', async () => {
    const seen: (CallerDeadline | undefined)[] = [];
    const loader = async () => {
      seen.push(deadlines.current());
      await sleep(200);
      return 'value';
    };
    const started = Date.now();
    // 30 ms rather than 5: a busy test machine can stall a process for 5 ms before the read starts.
    const leader = within(30, () => cache.getOrSet('k', loader)).catch((e: unknown) => e);
    const followers = Array.from({ length: 20 }, () =>
      within(2_000, () => cache.getOrSet('k', loader)),
    );
    expect(await leader).toBeInstanceOf(DeadlineExceeded);
    expect(Date.now() - started).toBeLessThan(150);
    expect(await Promise.all(followers)).toEqual(Array(20).fill('value'));
    expect(seen).toEqual([undefined]);
    expect(cache.metrics.count('deadline_exceeded', 'wait')).toBe(1);
  });

  it('should serve an L1 hit to a caller whose deadline has passed', async () => {
    await cache.getOrSet('hot', async () => 'v');
    const loader = jest.fn(async () => 'reloaded');
    await expect(within(-10, () => cache.getOrSet('hot', loader))).resolves.toBe('v');
    expect(loader).not.toHaveBeenCalled();
  });

  it('should start no load for a miss whose deadline has passed', async () => {
    const loader = jest.fn(async () => 'v');
    const error = await within(-10, () => cache.getOrSet('cold', loader)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeadlineExceeded);
    expect(loader).not.toHaveBeenCalled();
    expect(cache.metrics.count('deadline_exceeded', 'entry')).toBe(1);
    expect(cache.metrics.count('loads', 'ok')).toBe(0);
  });

  it('should serve the graced copy instead, past the deadline or at it', async () => {
    // Without stale-while-revalidate: the deadline, not the soft timeout, ends the wait here.
    const opts = { ttl: 30, jitter: 0, staleTtl: '1m', staleWhileRevalidate: false } as const;
    await cache.getOrSet('graced', async () => 'old', opts);
    await sleep(40);
    const slow = async () => {
      await sleep(100);
      return 'new';
    };
    const passed = await within(-10, () => cache.getOrSetWithState('graced', slow, opts));
    expect(passed).toEqual({ value: 'old', state: 'stale' });
    const atDeadline = await within(10, () => cache.getOrSetWithState('graced', slow, opts));
    expect(atDeadline).toEqual({ value: 'old', state: 'stale' });
    expect(await cache.getOrSet('graced', slow, opts)).toBe('new');
  });
});
