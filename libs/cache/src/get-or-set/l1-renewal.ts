import { isFresh, type CacheEntry } from '../tiers/cache-entry';
import type { LocalTier } from '../tiers/local.tier';
import type { CacheStack } from './cache-stack';
import type { RemoteFlow } from './remote-flow';

/** Share of its L1 life after which a hit renews an entry's L1 copy from L2. */
const RENEW_AFTER = 0.8;

/**
 * Keeps a hot key in L1. The first L1 hit in the last fifth of its L1 life re-reads L2 in the
 * background and renews the L1 copy. Without it every instance's copy of a hot key drops out of
 * L1 once per `l1Ttl`, and the reads at that moment all wait for Redis; in a burst those reads
 * have already spent their budgets in the server's queue, and a caller past its deadline starts
 * nothing (no L2 read), so they answered 504 while L2 held the value.
 *
 * The staleness bound after a write is unchanged: the renewal reads L2, which every eviction
 * deletes first, and it is dropped when L1 no longer holds the entry it started from (an
 * eviction or a load replaced it meanwhile).
 * @internal
 */
export class L1Renewal {
  readonly #running = new Set<string>();

  constructor(
    private readonly stack: CacheStack,
    private readonly local: LocalTier,
    private readonly flow: RemoteFlow,
  ) {}

  /** Starts a background renewal if `entry`'s L1 copy is due and none is running; never throws. */
  maybeRenew(key: string, entry: CacheEntry, l1Ttl: number): void {
    if (this.#running.has(key) || this.local.remainingMs(key) > l1Ttl * (1 - RENEW_AFTER)) return;
    this.#running.add(key);
    // Detached: the read that noticed it may have no budget left; the renewal is for the next ones.
    void this.stack.options.deadlines
      .detached(() => this.renew(key, entry, l1Ttl))
      .finally(() => this.#running.delete(key));
  }

  private async renew(key: string, current: CacheEntry, l1Ttl: number): Promise<void> {
    const l2 = await this.flow.readL2(key);
    if (!l2 || !isFresh(l2) || l2.createdAt < current.createdAt) return;
    if (this.local.peek(key) !== current) return;
    this.local.set(key, l2, l1Ttl);
  }
}
