import type { Redis } from 'ioredis';
import { LuaScript } from '../redis/scripts';

/**
 * Where a Bloom filter keeps its bits. Every filter also sets a sentinel bit at offset `m`, so
 * "this filter has never been built" (all zeros) is told apart from "definitely absent".
 */
export interface BitStore {
  /** For each group of offsets: whether all are set. One round trip for all groups. */
  testAll(key: string, groups: number[][]): Promise<boolean[]>;
  /** Sets offsets in `key` and, while a rebuild runs, in its temp key too. */
  add(key: string, buildingKey: string, offsets: number[]): Promise<void>;
  /** Bulk writes for a rebuild (pipelined). */
  bulkSet(key: string, groups: number[][]): Promise<void>;
  /** Marks `tmpKey` as the rebuild target (so concurrent `add`s reach it). */
  beginBuild(buildingKey: string, tmpKey: string, ttlMs: number): Promise<void>;
  /** Atomically replaces `key` with `tmpKey` and ends the build. */
  commitBuild(key: string, tmpKey: string, buildingKey: string): Promise<void>;
  /** Bytes used by `key`. */
  size(key: string): Promise<number>;
  delete(...keys: string[]): Promise<void>;
}

const ADD = new LuaScript(`
for i = 1, #ARGV do redis.call('SETBIT', KEYS[1], ARGV[i], 1) end
local tmp = redis.call('GET', KEYS[2])
if tmp then for i = 1, #ARGV do redis.call('SETBIT', tmp, ARGV[i], 1) end end
return 1`);

/** Bits in a Redis string: BITFIELD reads k bits of a member in one command. */
export class RedisBitStore implements BitStore {
  constructor(private readonly client: Redis) {}

  async testAll(key: string, groups: number[][]): Promise<boolean[]> {
    const bits = await this.readBits(key, groups);
    let i = 0;
    return groups.map((g) => {
      let all = true;
      for (let j = 0; j < g.length; j++) if (bits[i++] !== 1) all = false;
      return all;
    });
  }

  /** One BITFIELD_RO per 500 groups, all in one pipeline (one round trip). */
  private async readBits(key: string, groups: number[][]): Promise<number[]> {
    const pipe = this.client.pipeline();
    for (let i = 0; i < groups.length; i += 500) {
      const args: (string | number)[] = [];
      for (const g of groups.slice(i, i + 500)) for (const o of g) args.push('GET', 'u1', o);
      pipe.call('BITFIELD_RO', key, ...args);
    }
    const results = (await pipe.exec()) ?? [];
    return results.flatMap(([err, bits]) => {
      if (err) throw err;
      return bits as number[];
    });
  }

  async add(key: string, buildingKey: string, offsets: number[]): Promise<void> {
    await ADD.run(this.client, [key, buildingKey], offsets);
  }

  async bulkSet(key: string, groups: number[][]): Promise<void> {
    const pipe = this.client.pipeline();
    for (const g of groups) {
      const args: (string | number)[] = [];
      for (const o of g) args.push('SET', 'u1', o, 1);
      pipe.call('BITFIELD', key, ...args);
    }
    const results = await pipe.exec();
    const failed = results?.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  }

  async beginBuild(buildingKey: string, tmpKey: string, ttlMs: number): Promise<void> {
    await this.client.multi().del(tmpKey).set(buildingKey, tmpKey, 'PX', ttlMs).exec();
  }

  async commitBuild(key: string, tmpKey: string, buildingKey: string): Promise<void> {
    // RENAME is atomic: readers see the old filter or the new one, never a half-built one.
    await this.client.multi().rename(tmpKey, key).del(buildingKey).exec();
  }

  async size(key: string): Promise<number> {
    return this.client.strlen(key);
  }

  async delete(...keys: string[]): Promise<void> {
    await this.client.del(...keys);
  }
}

/** Process-local bits for the Redis-less embedded default. */
export class MemoryBitStore implements BitStore {
  readonly #bits = new Map<string, Set<number>>();
  readonly #building = new Map<string, string>();

  async testAll(key: string, groups: number[][]): Promise<boolean[]> {
    const set = this.#bits.get(key);
    return groups.map((g) => set !== undefined && g.every((o) => set.has(o)));
  }

  async add(key: string, buildingKey: string, offsets: number[]): Promise<void> {
    await this.bulkSet(key, [offsets]);
    const tmp = this.#building.get(buildingKey);
    if (tmp) await this.bulkSet(tmp, [offsets]);
  }

  async bulkSet(key: string, groups: number[][]): Promise<void> {
    let set = this.#bits.get(key);
    if (!set) this.#bits.set(key, (set = new Set()));
    for (const g of groups) for (const o of g) set.add(o);
  }

  async beginBuild(buildingKey: string, tmpKey: string): Promise<void> {
    this.#bits.delete(tmpKey);
    this.#building.set(buildingKey, tmpKey);
  }

  async commitBuild(key: string, tmpKey: string, buildingKey: string): Promise<void> {
    this.#bits.set(key, this.#bits.get(tmpKey) ?? new Set());
    this.#bits.delete(tmpKey);
    this.#building.delete(buildingKey);
  }

  async size(key: string): Promise<number> {
    return Math.ceil((this.#bits.get(key)?.size ?? 0) / 8);
  }

  async delete(...keys: string[]): Promise<void> {
    for (const k of keys) this.#bits.delete(k);
  }
}
