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
  /** Writes a locally built bitmap (Redis bit order: offset 0 = MSB of byte 0), pipelined. */
  writeBitmap(key: string, bitmap: Buffer): Promise<void>;
  /** Marks `tmpKey` as the rebuild target (so concurrent `add`s reach it). */
  beginBuild(buildingKey: string, tmpKey: string, ttlMs: number): Promise<void>;
  /**
   * Atomically: ORs the bulk bitmap into `tmpKey` (which holds the `add`s made during the
   * build), renames it over `key`, and ends the build.
   */
  commitBuild(key: string, tmpKey: string, bulkKey: string, buildingKey: string): Promise<void>;
  /** Bytes used by `key`. */
  size(key: string): Promise<number>;
  delete(...keys: string[]): Promise<void>;
}

const BITMAP_SLICE = 256 * 1024;

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

  /**
   * SETRANGE in 256 KB slices, all in one pipeline: setting 7 bits per member with BITFIELD
   * costs Redis ~3 µs per bit (~20 s for 1M members); a prebuilt bitmap costs milliseconds.
   */
  async writeBitmap(key: string, bitmap: Buffer): Promise<void> {
    const pipe = this.client.pipeline().del(key);
    for (let off = 0; off < bitmap.length; off += BITMAP_SLICE) {
      pipe.setrange(key, off, bitmap.subarray(off, off + BITMAP_SLICE));
    }
    const results = await pipe.exec();
    const failed = results?.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  }

  async beginBuild(buildingKey: string, tmpKey: string, ttlMs: number): Promise<void> {
    await this.client.multi().del(tmpKey).set(buildingKey, tmpKey, 'PX', ttlMs).exec();
  }

  async commitBuild(key: string, tmpKey: string, bulkKey: string, buildingKey: string) {
    // One MULTI: readers see the old filter or the new one, never a half-built one.
    const results = await this.client
      .multi()
      .bitop('OR', tmpKey, tmpKey, bulkKey)
      .rename(tmpKey, key)
      .del(bulkKey, buildingKey)
      .exec();
    const failed = results?.find(([err]) => err);
    if (failed?.[0]) throw failed[0];
  }

  async size(key: string): Promise<number> {
    return this.client.strlen(key);
  }

  async delete(...keys: string[]): Promise<void> {
    await this.client.del(...keys);
  }
}

/** Process-local bits for the Redis-less embedded default, same bit order as Redis. */
export class MemoryBitStore implements BitStore {
  readonly #maps = new Map<string, Buffer>();
  readonly #building = new Map<string, string>();

  async testAll(key: string, groups: number[][]): Promise<boolean[]> {
    const map = this.#maps.get(key);
    return groups.map((g) => map !== undefined && g.every((o) => getBit(map, o)));
  }

  async add(key: string, buildingKey: string, offsets: number[]): Promise<void> {
    for (const k of [key, this.#building.get(buildingKey)]) {
      if (k) this.#maps.set(k, setBits(this.#maps.get(k) ?? Buffer.alloc(0), offsets));
    }
  }

  async writeBitmap(key: string, bitmap: Buffer): Promise<void> {
    this.#maps.set(key, Buffer.from(bitmap));
  }

  async beginBuild(buildingKey: string, tmpKey: string): Promise<void> {
    this.#maps.delete(tmpKey);
    this.#building.set(buildingKey, tmpKey);
  }

  async commitBuild(key: string, tmpKey: string, bulkKey: string, buildingKey: string) {
    const bulk = this.#maps.get(bulkKey) ?? Buffer.alloc(0);
    const tmp = this.#maps.get(tmpKey) ?? Buffer.alloc(0);
    const merged = Buffer.alloc(Math.max(bulk.length, tmp.length));
    for (let i = 0; i < merged.length; i++) merged[i] = (bulk[i] ?? 0) | (tmp[i] ?? 0);
    this.#maps.set(key, merged);
    this.#building.delete(buildingKey);
    await this.delete(tmpKey, bulkKey);
  }

  async size(key: string): Promise<number> {
    return this.#maps.get(key)?.length ?? 0;
  }

  async delete(...keys: string[]): Promise<void> {
    for (const k of keys) this.#maps.delete(k);
  }
}

const getBit = (map: Buffer, o: number) => ((map[o >> 3] ?? 0) & (0x80 >> (o & 7))) !== 0;

/** Sets bits, growing the buffer like Redis grows a string. */
export function setBits(map: Buffer, offsets: number[]): Buffer {
  const need = offsets.reduce((m, o) => Math.max(m, (o >> 3) + 1), map.length);
  const out = need > map.length ? Buffer.concat([map, Buffer.alloc(need - map.length)]) : map;
  for (const o of offsets) out[o >> 3] |= 0x80 >> (o & 7);
  return out;
}
