import { resolveCacheModuleOptions, resolveEntryOptions } from './cache-options';

describe('resolveEntryOptions', () => {
  it('should fill every default', () => {
    expect(resolveEntryOptions()).toEqual({
      ttl: 60_000,
      l1Ttl: 5_000,
      jitter: 0.1,
      nullTtl: 30_000,
      staleTtl: 0,
      lockTtl: 5_000,
      waitTimeout: 3_000,
      loadTimeout: 10_000,
      bloom: undefined,
      refreshAhead: 0,
      refreshBeta: 1,
      staleWhileRevalidate: 0,
    });
  });

  it('should let call options override module defaults, and l1Ttl: false disable L1', () => {
    const r = resolveEntryOptions({ ttl: '5m', l1Ttl: false }, { ttl: '1m', staleTtl: '30s' });
    expect(r).toMatchObject({ ttl: 300_000, l1Ttl: 0, staleTtl: 30_000 });
  });

  it('should reject fractions outside [0, 1]', () => {
    expect(() => resolveEntryOptions({ jitter: 2 })).toThrow('jitter');
    expect(() => resolveEntryOptions({ ttl: '5 minutes' as never })).toThrow('Invalid ttl');
    expect(() => resolveEntryOptions({ refreshAhead: -0.1 })).toThrow('refreshAhead');
    expect(() => resolveEntryOptions({ refreshBeta: 0 })).toThrow('refreshBeta');
  });

  it('should take xfetch and turn staleWhileRevalidate: false into off', () => {
    const r = resolveEntryOptions({ refreshAhead: 'xfetch', staleWhileRevalidate: false });
    expect(r).toMatchObject({ refreshAhead: 'xfetch', refreshBeta: 1 });
    expect(r.staleWhileRevalidate).toBeUndefined();
    expect(resolveEntryOptions({ staleWhileRevalidate: '50ms' }).staleWhileRevalidate).toBe(50);
  });
});

describe('resolveCacheModuleOptions', () => {
  it('should default to the embedded backend with L1 on', () => {
    const r = resolveCacheModuleOptions({});
    expect(r).toMatchObject({
      app: 'bulwark',
      namespace: 'cache',
      redisUrl: undefined,
      commandTimeout: 50,
    });
    expect(r.l1).toEqual({ maxEntries: 10_000, maxBytes: 64 * 1024 * 1024 });
    expect(r.doubleDeleteDelay).toBe(500);
  });

  it('should keep l1: false and parse durations', () => {
    const r = resolveCacheModuleOptions({
      l1: false,
      doubleDeleteDelay: '1s',
      pollInterval: '20ms',
    });
    expect(r.l1).toBe(false);
    expect(r.doubleDeleteDelay).toBe(1_000);
    expect(r.pollInterval).toBe(20);
  });
});
