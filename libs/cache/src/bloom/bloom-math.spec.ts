import { bitPositions, bloomSize, expectedFpr, murmur3 } from './bloom-math';

describe('bloomSize', () => {
  it('should give 9.59 bits and 7 hashes per member at p = 0.01', () => {
    const size = bloomSize(1_000_000, 0.01);
    expect(size.bits / 1_000_000).toBeCloseTo(9.585, 3);
    expect(size.hashes).toBe(7);
  });

  it('should give about 14.4 bits and 10 hashes per member at p = 0.001', () => {
    const size = bloomSize(1_000, 0.001);
    expect(size.bits).toBe(14_378);
    expect(size.hashes).toBe(10);
  });

  it('should reach its target rate in theory', () => {
    expect(expectedFpr(1_000_000, bloomSize(1_000_000, 0.01))).toBeCloseTo(0.01, 3);
  });

  it('should reject nonsense inputs and filters beyond a Redis string', () => {
    expect(() => bloomSize(0, 0.01)).toThrow('expectedItems');
    expect(() => bloomSize(10, 1)).toThrow('falsePositiveRate');
    expect(() => bloomSize(1e9, 1e-9)).toThrow('exceeds a Redis string');
  });
});

describe('murmur3', () => {
  it('should match the reference MurmurHash3_x86_32 vectors', () => {
    expect(murmur3('', 0)).toBe(0);
    expect(murmur3('', 1)).toBe(0x514e28b7);
    expect(murmur3('hello', 0)).toBe(0x248bfa47);
    expect(murmur3('Hello, world!', 1234)).toBe(0xfaf6cdb3);
    expect(murmur3('The quick brown fox jumps over the lazy dog', 0x9747b28c)).toBe(0x2fa826cd);
  });
});

describe('bitPositions', () => {
  it('should return k distinct in-range offsets, the same on every call', () => {
    const size = bloomSize(1_000, 0.01);
    const positions = bitPositions('product:42', size);
    expect(positions).toHaveLength(size.hashes);
    expect(positions.every((p) => Number.isInteger(p) && p >= 0 && p < size.bits)).toBe(true);
    expect(new Set(positions).size).toBe(size.hashes);
    expect(bitPositions('product:42', size)).toEqual(positions);
  });
});

describe('murmur3 on non-ASCII input', () => {
  it('should hash the UTF-8 bytes (vector from an independent Python implementation)', () => {
    expect(murmur3('é', 0)).toBe(0x10110787);
    expect(murmur3('produit:é', 7)).not.toBe(murmur3('produit:e', 7));
  });
});
