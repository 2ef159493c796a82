/**
 * Which seeded products each part of the suite uses, so one scenario's reads never warm (or miss)
 * the cache another one relies on. `npm run seed` gives ids 1..PRODUCTS in order.
 */
export const PRODUCTS = 2_000;
/** Enough that no scenario's orders ever run out (a 409 would read as an error). */
export const STOCK = 1_000_000;

export interface IdRange {
  readonly from: number;
  readonly to: number;
}

/** Scenario 1's read load: a hot set kept warm. */
export const HOT_READS: IdRange = { from: 1, to: 200 };
/** Scenario 2's "cached keys": warmed just before Postgres degrades. */
export const CACHED_READS: IdRange = { from: 201, to: 300 };
/** Products that orders are placed against. */
export const ORDER_PRODUCTS: IdRange = { from: 301, to: 1_000 };
/** Never read before their one probe: each read of one must reach Postgres. */
export const COLD_READS: IdRange = { from: 1_001, to: PRODUCTS };

export function pick(range: IdRange, random: () => number = Math.random): number {
  return range.from + Math.floor(random() * (range.to - range.from + 1));
}

/** Hands out the cold ids one at a time; each is read once. */
export class ColdIds {
  private next = COLD_READS.from;

  take(): number {
    if (this.next > COLD_READS.to) throw new Error('out of never-read product ids');
    return this.next++;
  }
}
