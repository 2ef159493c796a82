import type { OutageTracker } from '../redis/outage';
import type { BitStore, BloomKeys } from './bit-store';
import { type BloomSize, bitPositions, bloomSize, MAX_BLOOM_BITS } from './bloom-math';

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
/** An add retries this often when the stored size changes under it (a rebuild just swapped). */
const ADD_ATTEMPTS = 3;

/** `"<bits>:<hashes>"`: the size a bitmap was built with, stored beside it. */
const tagOf = (size: BloomSize): string => `${size.bits}:${size.hashes}`;

function parseTag(tag: string): BloomSize | undefined {
  const [bits, hashes] = tag.split(':').map(Number);
  const valid = (x: number, max: number) => Number.isInteger(x) && x >= 1 && x <= max;
  return valid(bits, MAX_BLOOM_BITS) && valid(hashes, 64) ? { bits, hashes } : undefined;
}

/**
 * A Bloom filter shared by every instance through Redis (or in-process without Redis). A
 * negative answer is definite: the caller can answer "not found" without reading the cache or
 * the database. Until the filter has been built it answers "maybe" for everything (fail open),
 * and so it does while Redis is unreachable.
 *
 * The size a filter was built with is stored beside its bits and wins over this instance's
 * settings: positions computed for another size would miss members that are there (wrong 404s)
 * or set bits nobody reads. So an instance whose `expectedItems`/`falsePositiveRate` differ (a
 * rolling deploy that changes them) reads and adds with the stored size, says so once, and its
 * settings take effect at the next `rebuild()`, which stores them; the other instances notice
 * the new size on their next check or add.
 *
 * @publicApi
 */
export class BloomFilter {
  /** Bits and hashes from this instance's `expectedItems` and `falsePositiveRate`. */
  readonly configuredSize: BloomSize;
  #size: BloomSize;
  /** Size of the rebuild in progress, as last learned from the store (adds reach it too). */
  #buildSize: BloomSize;
  readonly #keys: BloomKeys;
  /** Single-member checks in flight, shared by concurrent callers (see `mightContain`). */
  readonly #checks = new Map<string, { epoch: number; answer: Promise<boolean> }>();
  /** Bumped when an add starts and when it ends: a check from another epoch is not shared. */
  #addEpoch = 0;

  constructor(
    /** Name used in `@Cacheable({ bloom })`. */
    readonly name: string,
    private readonly store: BitStore,
    key: string,
    expectedItems: number,
    falsePositiveRate: number,
    private readonly outage: OutageTracker,
    private readonly source?: () => AsyncIterable<string>,
    /** Told when the stored size differs from this instance's settings. */
    private readonly notice: (message: string) => void = () => undefined,
  ) {
    this.configuredSize = bloomSize(expectedItems, falsePositiveRate);
    this.#size = this.#buildSize = this.configuredSize;
    this.#keys = { bits: key, tag: `${key}:size`, building: `${key}:building` };
  }

  /** Bits and hashes in use: those the stored filter was built with, else the configured ones. */
  get size(): BloomSize {
    return this.#size;
  }

  /**
   * `false` means the member was never added; `true` means it probably was. One round trip,
   * shared by the concurrent checks of one member: a cold burst brings hundreds of readers of one
   * key here before their single flight, and one MULTI of k GETBITs each cost ioredis and Redis
   * CPU per reader while the burst competes for the same cores. A check that began before or
   * during this instance's last add is not shared, or a product read right after its create
   * could join a check that cannot see it (404). Another instance's add is not seen here: a read
   * arriving within one round trip after it may join an older check, the same window a read
   * that arrived just before that add has anyway.
   */
  mightContain(member: string): Promise<boolean> {
    const pending = this.#checks.get(member);
    if (pending && pending.epoch === this.#addEpoch) return pending.answer;
    const entry = {
      epoch: this.#addEpoch,
      answer: this.mightContainMany([member]).then((answers) => answers[0]),
    };
    this.#checks.set(member, entry);
    const settled = () => {
      if (this.#checks.get(member) === entry) this.#checks.delete(member);
    };
    entry.answer.then(settled, settled);
    return entry.answer;
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
    try {
      return (await this.test(members)) ?? members.map(() => true);
    } catch {
      return members.map(() => true);
    }
  }

  /**
   * The members' answers, or `undefined` when the filter was never built (fail open). Asked
   * again once if the stored size was not the one the positions were computed for.
   */
  private async test(members: string[], retry = true): Promise<boolean[] | undefined> {
    const size = this.#size;
    const groups = [[size.bits], ...members.map((m) => bitPositions(m, size))];
    const { tag, answers } = await this.outage.track(() => this.store.test(this.#keys, groups));
    if (tag !== null && tag !== tagOf(size)) {
      return retry && this.adopt(tag) ? this.test(members, false) : undefined;
    }
    const [built, ...rest] = answers;
    return built ? rest : undefined;
  }

  /** Adds members (call it after the row is committed). Reaches a rebuild in progress too. */
  async add(...members: string[]): Promise<void> {
    this.#addEpoch++;
    try {
      await this.addToStore(members);
    } finally {
      this.#addEpoch++;
    }
  }

  private async addToStore(members: string[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const live = this.#size;
      const build = this.#buildSize;
      const liveOffsets = members.flatMap((m) => bitPositions(m, live));
      const result = await this.store.add(this.#keys, {
        liveTag: tagOf(live),
        liveOffsets,
        buildTag: tagOf(build),
        buildOffsets: build === live ? undefined : members.flatMap((m) => bitPositions(m, build)),
      });
      if (result.ok) return;
      const learned =
        result.liveTag !== undefined
          ? this.adopt(result.liveTag)
          : this.learnBuildSize(result.buildTag);
      if (!learned || attempt === ADD_ATTEMPTS) {
        throw new Error(`Bloom filter "${this.name}": its stored size kept changing during add`);
      }
    }
  }

  /** Switches to the stored size; false when the tag is unreadable (the caller fails open). */
  private adopt(tag: string): boolean {
    const stored = parseTag(tag);
    if (!stored) return false;
    this.#size = stored;
    this.#buildSize = stored;
    const configured = this.configuredSize;
    if (tag !== tagOf(configured)) {
      this.notice(
        `Bloom filter "${this.name}" in the store was built with ${stored.bits} bits and ` +
          `${stored.hashes} hashes; this instance's settings give ${configured.bits} and ` +
          `${configured.hashes}. Using the stored size until a rebuild applies the settings.`,
      );
    }
    return true;
  }

  private learnBuildSize(tag: string | undefined): boolean {
    const size = tag === undefined ? undefined : parseTag(tag);
    if (size) this.#buildSize = size;
    return size !== undefined;
  }

  /**
   * Rebuilds from `source` (or the configured one) into a temp key, then swaps it in with
   * RENAME so readers never see a half-built filter. Returns how many members went in.
   */
  async rebuild(source = this.source): Promise<{ members: number }> {
    if (!source) throw new Error(`Bloom filter "${this.name}" has no source to rebuild from`);
    // Always this instance's settings: a rebuild is how changed settings take effect.
    const size = this.configuredSize;
    const tag = tagOf(size);
    const tmpKey = `${this.#keys.bits}:tmp:${process.pid}:${Date.now()}`;
    const bulkKey = `${tmpKey}:bulk`;
    await this.store.beginBuild(this.#keys, tmpKey, tag, BUILD_MARK_TTL);
    try {
      // Built locally, then shipped as a bitmap: see RedisBitStore.writeBitmap for why.
      const bitmap = Buffer.alloc((size.bits >> 3) + 1);
      setBitsInPlace(bitmap, [size.bits]);
      let members = 0;
      for await (const member of source()) {
        setBitsInPlace(bitmap, bitPositions(member, size));
        members++;
      }
      await this.store.writeBitmap(bulkKey, bitmap);
      await this.store.commitBuild(this.#keys, tmpKey, bulkKey, tag);
      this.#size = this.#buildSize = size;
      return { members };
    } catch (err) {
      await this.store.delete(tmpKey, bulkKey, this.#keys.building).catch(() => undefined);
      throw err;
    }
  }

  /** Whether a built filter exists (its sentinel bit is set); learns its stored size too. */
  async exists(): Promise<boolean> {
    return (await this.test([])) !== undefined;
  }

  /** Bytes the filter occupies in its store. */
  async byteSize(): Promise<number> {
    return this.store.size(this.#keys.bits);
  }

  /** Removes the filter (tests, admin purge). */
  async drop(): Promise<void> {
    await this.store.delete(this.#keys.bits, this.#keys.tag, this.#keys.building);
  }
}
