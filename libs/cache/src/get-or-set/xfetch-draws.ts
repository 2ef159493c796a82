import { type CacheEntry, needsRefresh } from '../tiers/cache-entry';

/**
 * How many XFetch draws one instance takes per key per δ (the key's load time), at most.
 *
 * Why a bound at all: XFetch (Vattani, Chierichetti, Lowenstein, VLDB 2015) lets every request
 * draw `now − δ·β·ln(rand) ≥ expiresAt`, i.e. a request a gap g before expiry fires with
 * probability e^(−g/(δβ)). Over a stream of R requests per second the first firing is Gumbel
 * distributed: P(head start < g) = exp(−R·δβ·e^(−g/(δβ))), around δβ·(ln(R·δβ) + 0.58). The paper
 * counts time in requests, so that ln(R·δ) is the price it accepts for having no coordination;
 * here every L1 hit is a request, a hot key is read ~10⁵–10⁶ times a second, and the head start
 * for a 500 ms load grows to ~6 s: the key reloads several times per TTL, for no fewer waits.
 *
 * Why this bound: the head start should be a small multiple of δ whatever the traffic, because
 * what it buys is that the reload (δ long) lands before expiry. Thinning each instance's draws
 * to at most K per δ makes the fleet's draw rate at most N·K/δ for N instances, so
 *   head start ≈ δβ·(ln(N·K·β) + 0.58),   P(reload starts < δ before expiry) = exp(−N·K·β·e^(−1/β)).
 * K = 32, β = 1: one instance 4.0δ and < 10⁻⁵, two 4.7δ and < 10⁻¹⁰, a hundred 8.6δ; a key read
 * less often than K per δ keeps the paper's per-request draw (and its smaller head start). Bounding by the L1 period
 * instead was rejected: it is unrelated to δ (one draw per 2 s fires too late for a 50 ms key and
 * too rarely for a 500 ms one). The fleet lock still makes each firing cost at most one load.
 * @internal
 */
export const XFETCH_DRAWS_PER_DELTA = 32;

/** Sweeping the per-key clock starts at this size and doubles with what survives a sweep. */
const SWEEP_MIN = 1_024;

/**
 * The XFetch decision of one instance, with its per-key draw clock (see `XFETCH_DRAWS_PER_DELTA`).
 * Clock and random source are injectable so the decision is testable as pure logic.
 * @internal
 */
export class XFetchDraws {
  /** Key → earliest time of its next draw; only keys drawn within the last δ/K matter. */
  readonly #next = new Map<string, number>();
  #sweepAt = SWEEP_MIN;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly random: () => number = Math.random,
  ) {}

  /** Whether this read of `entry` starts an early reload under XFetch. */
  due(key: string, entry: CacheEntry, beta: number): boolean {
    const now = this.now();
    if (entry.delta === undefined) return false;
    const next = this.#next.get(key);
    if (next !== undefined && now < next) return false;
    this.#next.set(key, now + entry.delta / XFETCH_DRAWS_PER_DELTA);
    if (this.#next.size >= this.#sweepAt) this.sweep(now);
    return needsRefresh(entry, 'xfetch', now, beta, this.random);
  }

  /** Drops clocks already past; keeps the map to the keys drawn within their last δ/K. */
  private sweep(now: number): void {
    for (const [key, at] of this.#next) if (at <= now) this.#next.delete(key);
    this.#sweepAt = Math.max(SWEEP_MIN, this.#next.size * 2);
  }

  /** Keys with a live draw clock (for tests). */
  get size(): number {
    return this.#next.size;
  }
}
