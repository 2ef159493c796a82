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

  it('should share one check among concurrent checks of a member, but not across an add', async () => {
    const store = new MemoryBitStore();
    let tests = 0;
    const test = store.test.bind(store);
    store.test = (...args: Parameters<MemoryBitStore['test']>) => {
      tests++;
      return test(...args);
    };
    const outage = new OutageTracker(new Logger('test'));
    const f = new BloomFilter('f', store, 'k', 1_000, 0.01, outage, async function* () {
      yield 'a';
    });
    await f.rebuild();
    expect(
      await Promise.all([f.mightContain('a'), f.mightContain('a'), f.mightContain('b')]),
    ).toEqual([true, true, false]);
    expect(tests).toBe(2); // one for 'a', one for 'b'
    // A check begun before the add cannot be trusted to see 'c': a check after it starts anew.
    const before = f.mightContain('c');
    await f.add('c');
    expect(await f.mightContain('c')).toBe(true);
    expect(await before).toBe(false);
  });

  it('should refuse to rebuild without a source', async () => {
    await expect(filter().rebuild()).rejects.toThrow('no source');
  });
});

describe('BloomFilter whose settings differ from the stored filter (shared store)', () => {
  const outage = new OutageTracker(new Logger('test'));
  const members = Array.from({ length: 1_000 }, (_, i) => `m${i}`);
  async function* source() {
    yield* members;
  }
  function instance(store: MemoryBitStore, n: number, src?: () => AsyncIterable<string>) {
    const notices: string[] = [];
    const f = new BloomFilter('f', store, 'k', n, 0.01, outage, src, (m) => notices.push(m));
    return { f, notices };
  }

  it('reads and adds with the stored size, says so once, and follows a rebuild', async () => {
    const store = new MemoryBitStore();
    const a = instance(store, 1_000, source);
    const b = instance(store, 5_000, source);
    await a.f.rebuild();
    // b's own positions would find almost none of the members: with the stored size, all.
    expect((await b.f.mightContainMany(members)).every(Boolean)).toBe(true);
    expect(b.f.size).toEqual(a.f.configuredSize);
    expect(b.notices).toHaveLength(1);
    expect(b.notices[0]).toMatch(/built with 9586 bits and 7 hashes/);

    await b.f.add('added-by-b');
    expect(await a.f.mightContain('added-by-b')).toBe(true);
    expect(b.notices).toHaveLength(1);

    await b.f.rebuild(); // b's settings now
    expect(b.f.size).toEqual(b.f.configuredSize);
    expect((await a.f.mightContainMany(members)).every(Boolean)).toBe(true);
    expect(a.f.size).toEqual(b.f.configuredSize);
    expect(a.notices).toHaveLength(1);
  });

  it('adds a member to a rebuild of another size in progress with that size', async () => {
    const store = new MemoryBitStore();
    const a = instance(store, 1_000, source);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* slowSource() {
      yield* members;
      await gate;
    }
    const b = instance(store, 3_000, slowSource);
    await a.f.rebuild();
    const rebuilding = b.f.rebuild();
    await new Promise((r) => setImmediate(r));
    await a.f.add('added-mid-build');
    release();
    await rebuilding;
    expect(await a.f.mightContainMany(['added-mid-build', 'm1', 'zzz'])).toEqual([
      true,
      true,
      false,
    ]);
    expect(await b.f.mightContain('added-mid-build')).toBe(true);
  });
});

describe('setBits', () => {
  it('should use Redis bit order (offset 0 = most significant bit)', () => {
    expect([...setBits(Buffer.alloc(0), [0, 9])]).toEqual([0x80, 0x40]);
  });
});
