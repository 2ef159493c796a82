/** Bits and hash count of a Bloom filter. */
export interface BloomSize {
  /** Number of bits. */
  bits: number;
  /** Number of hash functions. */
  hashes: number;
}

/** Redis strings stop at 512 MB, i.e. 2^32 bits; the sentinel bit needs one of them. */
export const MAX_BLOOM_BITS = 2 ** 32 - 1;

/**
 * Optimal size for `n` members at false-positive rate `p`: m = -n ln p / (ln 2)^2 and
 * k = (m / n) ln 2 (9.59 bits and 7 hashes per member at p = 0.01).
 */
export function bloomSize(n: number, p: number): BloomSize {
  if (!(n >= 1)) throw new Error(`Bloom filter needs expectedItems >= 1, got ${n}`);
  if (!(p > 0 && p < 1)) throw new Error(`Bloom filter needs 0 < falsePositiveRate < 1, got ${p}`);
  const bits = Math.ceil((-n * Math.log(p)) / Math.LN2 ** 2);
  if (bits > MAX_BLOOM_BITS) throw new Error(`Bloom filter of ${bits} bits exceeds a Redis string`);
  return { bits, hashes: Math.max(1, Math.round((bits / n) * Math.LN2)) };
}

/** Theoretical false-positive rate of `n` members in `bits` bits with `hashes` hashes. */
export function expectedFpr(n: number, { bits, hashes }: BloomSize): number {
  return (1 - Math.exp((-hashes * n) / bits)) ** hashes;
}

/** Bytes of `input` as UTF-8, without allocating when it is plain ASCII (the usual id). */
function utf8(input: string): { length: number; at: (i: number) => number } {
  // eslint-disable-next-line no-control-regex
  if (/^[\x00-\x7f]*$/.test(input)) return { length: input.length, at: (i) => input.charCodeAt(i) };
  const buf = Buffer.from(input, 'utf8');
  return { length: buf.length, at: (i) => buf[i] };
}

/** MurmurHash3 x86 32-bit over the UTF-8 bytes of `input`. */
export function murmur3(input: string, seed: number): number {
  const data = utf8(input);
  const len = data.length;
  let h = seed >>> 0;
  const blocks = len & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = data.at(i) | (data.at(i + 1) << 8) | (data.at(i + 2) << 16) | (data.at(i + 3) << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = len & 3;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= data.at(blocks + 2) << 16;
    if (tail >= 2) k ^= data.at(blocks + 1) << 8;
    k ^= data.at(blocks);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    h ^= Math.imul(k, 0x1b873593);
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * The k bit positions of a member by double hashing (Kirsch-Mitzenmacher): g_i = h1 + i*h2 mod m.
 * Two independent seeds give h1 and h2; h2 is forced odd so it never collapses to one position.
 */
export function bitPositions(member: string, { bits, hashes }: BloomSize): number[] {
  const h1 = murmur3(member, 0x9747b28c);
  const h2 = (murmur3(member, 0x5bd1e995) | 1) >>> 0;
  const out = new Array<number>(hashes);
  for (let i = 0; i < hashes; i++) out[i] = (h1 + i * h2) % bits;
  return out;
}
