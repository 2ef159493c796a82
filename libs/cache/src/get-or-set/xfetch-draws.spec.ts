import { resolveEntryOptions } from '../cache-options';
import { type CacheEntry, createEntry, needsRefresh } from '../tiers/cache-entry';
import { XFETCH_DRAWS_PER_DELTA, XFetchDraws } from './xfetch-draws';

/** A seeded uniform source in [0, 1), so the statistics below are the same on every run. */
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const DELTA = 500;
const TTL = 60_000;
const entry = (delta?: number): CacheEntry =>
  createEntry('v', resolveEntryOptions({ ttl: TTL, jitter: 0 }), 0, () => 0, delta);

/** Reads every `step` ms from 20δ before expiry; how long before expiry the first one fires. */
function headStart(fires: (now: number) => boolean, step: number): number {
  for (let now = TTL - 20 * DELTA; now < TTL; now += step) if (fires(now)) return TTL - now;
  return 0;
}

describe('XFetchDraws', () => {
  it('should draw a key at most once per δ/K and not at all without δ', () => {
    let now = 59_000;
    const draws = new XFetchDraws(
      () => now,
      () => 0.999_999,
    );
    const e = entry(DELTA);
    expect(draws.due('k', e, 1)).toBe(true);
    now += DELTA / XFETCH_DRAWS_PER_DELTA - 1;
    expect(draws.due('k', e, 1)).toBe(false);
    expect(draws.due('other', e, 1)).toBe(true);
    now += 1;
    expect(draws.due('k', e, 1)).toBe(true);
    // An entry written without δ never fires early and takes no clock.
    expect(draws.due('old', entry(undefined), 1)).toBe(false);
    expect(draws.size).toBe(2);
  });

  it('should keep the head start a few δ at a read rate where every-read draws run away', () => {
    const trials = 50;
    const step = 0.2; // 5,000 reads per second of the key
    let bounded = 0;
    let everyRead = 0;
    let earliest = Infinity;
    for (let seed = 1; seed <= trials; seed++) {
      let now = 0;
      const random = seeded(seed);
      const draws = new XFetchDraws(() => now, random);
      const e = entry(DELTA);
      const h = headStart((t) => ((now = t), draws.due('k', e, 1)), step);
      bounded += h;
      earliest = Math.min(earliest, h);
      everyRead += headStart((t) => needsRefresh(e, 'xfetch', t, 1, random), step);
    }
    // One instance: δ·(ln K + 0.58) ≈ 4.0δ; every read: δ·(ln(R·δ) + 0.58) ≈ 8.4δ.
    expect(bounded / trials / DELTA).toBeGreaterThan(3.5);
    expect(bounded / trials / DELTA).toBeLessThan(4.5);
    expect(earliest).toBeGreaterThan(DELTA);
    expect(everyRead / trials / DELTA).toBeGreaterThan(7.5);
  });

  it('should forget the clocks of keys not drawn lately', () => {
    let now = 0;
    const draws = new XFetchDraws(
      () => now,
      () => 0,
    );
    const e = entry(DELTA);
    for (let i = 0; i < 100_000; i++) {
      now += 1;
      draws.due(`k${i}`, e, 1);
    }
    // Only keys drawn within the last δ/K (~16 ms here) are live; sweeps keep the map small.
    expect(draws.size).toBeLessThan(2_048);
  });
});
