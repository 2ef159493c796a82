import { resolveEntryOptions } from '../cache-options';
import { createEntry, isFresh, isGraced, jitteredTtl, needsRefresh } from './cache-entry';

describe('jitteredTtl', () => {
  it('should stay within [ttl, ttl * (1 + jitter)]', () => {
    expect(jitteredTtl(1_000, 0.1, () => 0)).toBe(1_000);
    expect(jitteredTtl(1_000, 0.1, () => 0.999)).toBe(1_100);
    expect(jitteredTtl(1_000, 0, () => 0.5)).toBe(1_000);
  });

  it('should spread 1,000 draws over the whole window', () => {
    const ttls = Array.from({ length: 1_000 }, () => jitteredTtl(10_000, 0.1));
    expect(Math.min(...ttls)).toBeGreaterThanOrEqual(10_000);
    expect(Math.max(...ttls)).toBeLessThanOrEqual(11_000);
    const deciles = new Set(ttls.map((t) => Math.floor((t - 10_000) / 100)));
    expect(deciles.size).toBeGreaterThanOrEqual(10);
  });
});

describe('createEntry', () => {
  const opts = resolveEntryOptions({ ttl: 1_000, nullTtl: 100, staleTtl: 500, jitter: 0 });

  it('should give values a grace window and nulls none', () => {
    expect(createEntry('v', opts, 0)).toEqual({
      value: 'v',
      createdAt: 0,
      expiresAt: 1_000,
      staleUntil: 1_500,
    });
    expect(createEntry(null, opts, 0)).toEqual({
      value: null,
      createdAt: 0,
      expiresAt: 100,
      staleUntil: 100,
    });
  });

  it('should classify fresh, graced and refresh-due entries by time', () => {
    const e = createEntry('v', opts, 0);
    expect(isFresh(e, 999)).toBe(true);
    expect(isGraced(e, 999)).toBe(false);
    expect(isGraced(e, 1_200)).toBe(true);
    expect(isGraced(e, 1_500)).toBe(false);
    expect(needsRefresh(e, 0.8, 700)).toBe(false);
    expect(needsRefresh(e, 0.8, 800)).toBe(true);
    expect(needsRefresh(e, 0, 900)).toBe(false);
  });

  it('should keep the load duration and draw XFetch early refreshes by it', () => {
    const e = createEntry('v', opts, 0, () => 0, 100);
    expect(e.delta).toBe(100);
    // now - δ·β·ln(1 - r) >= expiresAt: at 900 ms, r = 1 - e^-1 reaches exactly 1,000.
    const r = 1 - Math.exp(-1);
    expect(needsRefresh(e, 'xfetch', 900, 1, () => r)).toBe(true);
    expect(needsRefresh(e, 'xfetch', 900, 1, () => r - 0.01)).toBe(false);
    // β scales δ: half the β needs twice the draw.
    expect(needsRefresh(e, 'xfetch', 900, 0.5, () => r)).toBe(false);
    expect(needsRefresh(e, 'xfetch', 900, 0.5, () => 1 - Math.exp(-2))).toBe(true);
    // Without δ (an older entry) it never fires early; past expiry refresh-ahead is moot.
    expect(needsRefresh(createEntry('v', opts, 0), 'xfetch', 999, 1, () => 0.999)).toBe(false);
    expect(needsRefresh(e, 'xfetch', 1_000, 1, () => 0.999)).toBe(false);
  });
});
