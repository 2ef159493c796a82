import type { RedisClient } from '../redis/redis-client';
import { LuaScript } from '../redis/scripts';

/**
 * The Redis keys of one filter: its bits, the size tag (`"<bits>:<hashes>"`) of the build those
 * bits come from, and the marker naming the temp key of a rebuild in progress (with its tag).
 */
export interface BloomKeys {
  readonly bits: string;
  readonly tag: string;
  readonly building: string;
}

/** What {@link BitStore.test} read: the stored size tag (`null`: none) and one answer per group. */
export interface BitTest {
  readonly tag: string | null;
  readonly answers: boolean[];
}

/** Offsets of the members to add, computed for the size the caller believes in. */
export interface BitAdd {
  /** Size tag the `liveOffsets` were computed for. */
  readonly liveTag: string;
  readonly liveOffsets: number[];
  /** Size tag the `buildOffsets` were computed for (a rebuild in progress may use another). */
  readonly buildTag: string;
  /** Omitted when the build size is the live one. */
  readonly buildOffsets?: number[];
}

/** `ok`, or the tag that did not match (the caller recomputes its offsets and tries again). */
export type BitAddResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly liveTag?: string; readonly buildTag?: string };

/**
 * Where a Bloom filter keeps its bits. Every filter also sets a sentinel bit at offset `m`, so
 * "this filter has never been built" (all zeros) is told apart from "definitely absent". The size
 * tag stored beside the bits makes the built size authoritative: instances configured with
 * another size read and add with the stored one (see BloomFilter).
 */
export interface BitStore {
  /** For each group of offsets: whether all are set; plus the size tag. One round trip. */
  test(keys: BloomKeys, groups: number[][]): Promise<BitTest>;
  /**
   * Sets offsets in the bits and, while a rebuild runs, in its temp key too, unless a stored tag
   * differs from the one the offsets were computed for (then nothing is written).
   */
  add(keys: BloomKeys, add: BitAdd): Promise<BitAddResult>;
  /** Writes a locally built bitmap (Redis bit order: offset 0 = MSB of byte 0), pipelined. */
  writeBitmap(key: string, bitmap: Buffer): Promise<void>;
  /** Marks `tmpKey` as the rebuild target of size `tag` (so concurrent `add`s reach it). */
  beginBuild(keys: BloomKeys, tmpKey: string, tag: string, ttlMs: number): Promise<void>;
  /**
   * Atomically: ORs the bulk bitmap into `tmpKey` (which holds the `add`s made during the
   * build), renames it over the bits, stores its size tag, and ends the build.
   */
  commitBuild(keys: BloomKeys, tmpKey: string, bulkKey: string, tag: string): Promise<void>;
  /** Bytes used by `key`. */
  size(key: string): Promise<number>;
  delete(...keys: string[]): Promise<void>;
}

const BITMAP_SLICE = 256 * 1024;

/**
 * KEYS: bits, building marker (`<tmpKey>|<tag>`), size tag. ARGV: live tag, build tag, number of
 * live offsets, live offsets…, build offsets… (none: the live ones). Writes nothing when a stored
 * tag differs.
 */
const ADD = new LuaScript(`
local tag = redis.call('GET', KEYS[3])
if tag and tag ~= ARGV[1] then return {'live', tag} end
local building = redis.call('GET', KEYS[2])
local tmp
if building then
  local sep = string.find(building, '|', 1, true)
  if sep then
    tmp = string.sub(building, 1, sep - 1)
    local buildTag = string.sub(building, sep + 1)
    if buildTag ~= ARGV[2] then return {'build', buildTag} end
  else
    tmp = building -- a marker written before size tags existed
  end
end
local n = tonumber(ARGV[3])
for i = 4, 3 + n do redis.call('SETBIT', KEYS[1], ARGV[i], 1) end
if tmp then
  local from, to = 4 + n, #ARGV
  if to < from then from, to = 4, 3 + n end
  for i = from, to do redis.call('SETBIT', tmp, ARGV[i], 1) end
end
return {'ok'}`);

/** Bits in a Redis string: BITFIELD reads k bits of a member in one command. */
export class RedisBitStore implements BitStore {
  constructor(private readonly client: RedisClient) {}

  async test(keys: BloomKeys, groups: number[][]): Promise<BitTest> {
    const { tag, bits } = await this.readBits(keys, groups);
    let i = 0;
    const answers = groups.map((g) => {
      let all = true;
      for (let j = 0; j < g.length; j++) if (bits[i++] !== 1) all = false;
      return all;
    });
    return { tag, answers };
  }

  /**
   * The tag, then one BITFIELD_RO per 500 groups, in one MULTI (one round trip): a rebuild's
   * RENAME + tag update cannot land between them, so the bits always match the tag read.
   */
  private async readBits(keys: BloomKeys, groups: number[][]) {
    const pipe = this.client.multi().get(keys.tag);
    for (let i = 0; i < groups.length; i += 500) {
      const args: (string | number)[] = [];
      for (const g of groups.slice(i, i + 500)) for (const o of g) args.push('GET', 'u1', o);
      pipe.call('BITFIELD_RO', keys.bits, ...args);
    }
    const [tagReply, ...results] = (await pipe.exec()) ?? [];
    if (!tagReply) throw new Error('Bloom filter read: no reply from Redis');
    const [tagErr, tag] = tagReply;
    if (tagErr) throw tagErr;
    const bits = results.flatMap(([err, field]) => {
      if (err) throw err;
      return field as number[];
    });
    return { tag: tag as string | null, bits };
  }

  async add(keys: BloomKeys, add: BitAdd): Promise<BitAddResult> {
    const [kind, tag] = (await ADD.run(
      this.client,
      [keys.bits, keys.building, keys.tag],
      [
        add.liveTag,
        add.buildTag,
        add.liveOffsets.length,
        ...add.liveOffsets,
        ...(add.buildOffsets ?? []),
      ],
    )) as [string, string | undefined];
    if (kind === 'live') return { ok: false, liveTag: tag };
    if (kind === 'build') return { ok: false, buildTag: tag };
    return { ok: true };
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

  async beginBuild(keys: BloomKeys, tmpKey: string, tag: string, ttlMs: number): Promise<void> {
    await this.client
      .multi()
      .del(tmpKey)
      .set(keys.building, `${tmpKey}|${tag}`, 'PX', ttlMs)
      .exec();
  }

  async commitBuild(keys: BloomKeys, tmpKey: string, bulkKey: string, tag: string) {
    // One MULTI: readers see the old filter and its tag or the new ones, never a half-built one.
    const results = await this.client
      .multi()
      .bitop('OR', tmpKey, tmpKey, bulkKey)
      .rename(tmpKey, keys.bits)
      .set(keys.tag, tag)
      .del(bulkKey, keys.building)
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
  readonly #tags = new Map<string, string>();
  readonly #building = new Map<string, { tmpKey: string; tag: string }>();

  async test(keys: BloomKeys, groups: number[][]): Promise<BitTest> {
    const map = this.#maps.get(keys.bits);
    const answers = groups.map((g) => map !== undefined && g.every((o) => getBit(map, o)));
    return { tag: this.#tags.get(keys.tag) ?? null, answers };
  }

  async add(keys: BloomKeys, add: BitAdd): Promise<BitAddResult> {
    const tag = this.#tags.get(keys.tag);
    if (tag !== undefined && tag !== add.liveTag) return { ok: false, liveTag: tag };
    const build = this.#building.get(keys.building);
    if (build && build.tag !== add.buildTag) return { ok: false, buildTag: build.tag };
    this.setIn(keys.bits, add.liveOffsets);
    if (build) this.setIn(build.tmpKey, add.buildOffsets ?? add.liveOffsets);
    return { ok: true };
  }

  async writeBitmap(key: string, bitmap: Buffer): Promise<void> {
    this.#maps.set(key, Buffer.from(bitmap));
  }

  async beginBuild(keys: BloomKeys, tmpKey: string, tag: string): Promise<void> {
    this.#maps.delete(tmpKey);
    this.#building.set(keys.building, { tmpKey, tag });
  }

  async commitBuild(keys: BloomKeys, tmpKey: string, bulkKey: string, tag: string) {
    const bulk = this.#maps.get(bulkKey) ?? Buffer.alloc(0);
    const tmp = this.#maps.get(tmpKey) ?? Buffer.alloc(0);
    const merged = Buffer.alloc(Math.max(bulk.length, tmp.length));
    for (let i = 0; i < merged.length; i++) merged[i] = (bulk[i] ?? 0) | (tmp[i] ?? 0);
    this.#maps.set(keys.bits, merged);
    this.#tags.set(keys.tag, tag);
    this.#building.delete(keys.building);
    await this.delete(tmpKey, bulkKey);
  }

  async size(key: string): Promise<number> {
    return this.#maps.get(key)?.length ?? 0;
  }

  async delete(...keys: string[]): Promise<void> {
    for (const k of keys) {
      this.#maps.delete(k);
      this.#tags.delete(k);
      this.#building.delete(k);
    }
  }

  private setIn(key: string, offsets: number[]): void {
    this.#maps.set(key, setBits(this.#maps.get(key) ?? Buffer.alloc(0), offsets));
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
