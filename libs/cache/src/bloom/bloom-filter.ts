import type { OutageTracker } from '../redis/outage';
import type { BitStore } from './bit-store';
import { type BloomSize, bitPositions, bloomSize } from './bloom-math';

/** Redis bit order: offset 0 is the most significant bit of byte 0. */
function setBitsInPlace(bitmap: Buffer, offsets: number[]): void {
  for (const o of offsets) bitmap[o >> 3] |= 0x80 >> (o & 7);
}

/**
 * Members per round trip in a batch check: small enough that the reply arrives within the
 * fail-fast `commandTimeout` (50 ms) of the shared connection.
 */
const CHECK_BATCH = 2_000;
/** A rebuild that dies leaves its temp key marked for at most this long. */
const BUILD_MARK_TTL = 10 * 60_000;

/**
 * A Bloom filter shared by every instance through Redis (or in-process without Redis). A
 * negative answer is definite: the caller can answer "not found" without reading the cache or
 * the database. Until the filter has been built it answers "maybe" for everything (fail open),
 * and so it does while Redis is unreachable.
 *
 * @publicApi
 */
export class BloomFilter {
  /** Bits and hashes, from `expectedItems` and `falsePositiveRate`. */
  readonly size: BloomSize;
  readonly #sentinel: number[];

  constructor(
    /** Name used in `@Cacheable({ bloom })`. */
    readonly name: string,
    private readonly store: BitStore,
    private readonly key: string,
    expectedItems: number,
    falsePositiveRate: number,
    private readonly outage: OutageTracker,
    private readonly source?: () => AsyncIterable<string>,
  ) {
    this.size = bloomSize(expectedItems, falsePositiveRate);
    this.#sentinel = [this.size.bits];
  }

  /** `false` means the member was never added; `true` means it probably was. One round trip. */
  async mightContain(member: string): Promise<boolean> {
    return (await this.mightContainMany([member]))[0];
  }

  /** Batch form of `mightContain`: one round trip per 2,000 members. */
  async mightContainMany(members: string[]): Promise<boolean[]> {
    const out: boolean[] = [];
    for (let i = 0; i < members.length; i += CHECK_BATCH) {
      out.push(...(await this.checkBatch(members.slice(i, i + CHECK_BATCH))));
    }
    return out;
  }

  private async checkBatch(members: string[]): Promise<boolean[]> {
    const groups = [this.#sentinel, ...members.map((m) => bitPositions(m, this.size))];
    try {
      const [built, ...answers] = await this.outage.track(() =>
        this.store.testAll(this.key, groups),
      );
      return built ? answers : members.map(() => true);
    } catch {
      return members.map(() => true);
    }
  }

  /** Adds members (call it after the row is committed). Reaches a rebuild in progress too. */
  async add(...members: string[]): Promise<void> {
    const offsets = members.flatMap((m) => bitPositions(m, this.size));
    await this.store.add(this.key, this.buildingKey, offsets);
  }

  /**
   * Rebuilds from `source` (or the configured one) into a temp key, then swaps it in with
   * RENAME so readers never see a half-built filter. Returns how many members went in.
   */
  async rebuild(source = this.source): Promise<{ members: number }> {
    if (!source) throw new Error(`Bloom filter "${this.name}" has no source to rebuild from`);
    const tmpKey = `${this.key}:tmp:${process.pid}:${Date.now()}`;
    const bulkKey = `${tmpKey}:bulk`;
    await this.store.beginBuild(this.buildingKey, tmpKey, BUILD_MARK_TTL);
    try {
      // Built locally, then shipped as a bitmap: see RedisBitStore.writeBitmap for why.
      const bitmap = Buffer.alloc((this.size.bits >> 3) + 1);
      setBitsInPlace(bitmap, this.#sentinel);
      let members = 0;
      for await (const member of source()) {
        setBitsInPlace(bitmap, bitPositions(member, this.size));
        members++;
      }
      await this.store.writeBitmap(bulkKey, bitmap);
      await this.store.commitBuild(this.key, tmpKey, bulkKey, this.buildingKey);
      return { members };
    } catch (err) {
      await this.store.delete(tmpKey, bulkKey, this.buildingKey).catch(() => undefined);
      throw err;
    }
  }

  /** Whether a built filter exists (the sentinel bit is set). */
  async exists(): Promise<boolean> {
    const [built] = await this.store.testAll(this.key, [this.#sentinel]);
    return built;
  }

  /** Bytes the filter occupies in its store. */
  async byteSize(): Promise<number> {
    return this.store.size(this.key);
  }

  /** Removes the filter (tests, admin purge). */
  async drop(): Promise<void> {
    await this.store.delete(this.key, this.buildingKey);
  }

  private get buildingKey(): string {
    return `${this.key}:building`;
  }
}
