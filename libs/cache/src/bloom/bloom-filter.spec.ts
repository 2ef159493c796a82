import { Logger } from '@nestjs/common';
import { OutageTracker } from '../redis/outage';
import { MemoryBitStore, setBits } from './bit-store';
import { BloomFilter } from './bloom-filter';

function filter(source?: () => AsyncIterable<string>) {
  const outage = new OutageTracker(new Logger('test'));
  return new BloomFilter('f', new MemoryBitStore(), 'k', 1_000, 0.01, outage, source);
}

describe('BloomFilter (in-memory bit store)', () => {
  it('should answer "maybe" for everything until built', async () => {
    expect(await filter().mightContainMany(['a', 'b'])).toEqual([true, true]);
  });

  it('should have no false negatives and reject most absent members after a rebuild', async () => {
    async function* source() {
      for (let i = 0; i < 1_000; i++) yield `m${i}`;
    }
    const f = filter(source);
    expect(await f.rebuild()).toEqual({ members: 1_000 });
    const present = await f.mightContainMany(Array.from({ length: 1_000 }, (_, i) => `m${i}`));
    expect(present.every(Boolean)).toBe(true);
    const absent = await f.mightContainMany(Array.from({ length: 5_000 }, (_, i) => `x${i}`));
    expect(absent.filter(Boolean).length).toBeLessThan(150); // p = 0.01 → ~50
  });

  it('should keep members added while a rebuild runs', async () => {
    const holder: { f?: BloomFilter } = {};
    async function* source() {
      yield 'from-source';
      await holder.f!.add('added-mid-build');
    }
    const f = (holder.f = filter(source));
    await f.rebuild();
    expect(await f.mightContainMany(['from-source', 'added-mid-build', 'zzz'])).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('should refuse to rebuild without a source', async () => {
    await expect(filter().rebuild()).rejects.toThrow('no source');
  });
});

describe('setBits', () => {
  it('should use Redis bit order (offset 0 = most significant bit)', () => {
    expect([...setBits(Buffer.alloc(0), [0, 9])]).toEqual([0x80, 0x40]);
  });
});
