import { KeySpace } from './key-space';

/** The part Redis Cluster hashes: between the first `{` and the first `}` after it. */
function hashTag(name: string): string {
  const open = name.indexOf('{');
  const close = open < 0 ? -1 : name.indexOf('}', open + 1);
  return close > open + 1 ? name.slice(open + 1, close) : name;
}

describe('KeySpace', () => {
  it('keeps the untagged layout on one Redis', () => {
    const keys = new KeySpace('shop', 'catalog');
    expect([keys.value('product:1'), keys.generation('product:1'), keys.lock('product:1')]).toEqual(
      ['shop:catalog:product:1', 'shop:catalog:__gen:product:1', 'shop:catalog:__lock:product:1'],
    );
    expect(keys.bloom('products')).toBe('shop:catalog:__bloom:products');
  });

  it.each(['product:1', 'a}b', '}lead', '{x}', ''])(
    'puts the value, generation, lock and fill channel of %j in one slot on a cluster',
    (key) => {
      const keys = new KeySpace('shop', 'catalog', true);
      const names = [keys.value(key), keys.generation(key), keys.lock(key), keys.filled(key)];
      const tags = new Set(names.map(hashTag));
      expect(tags.size).toBe(1);
      expect([...tags][0]).not.toBe(names[0]); // a real tag, not the whole name
    },
  );

  it('tags a Bloom filter by its name, so its bits, size tag and build keys share a slot', () => {
    const bits = new KeySpace('shop', 'catalog', true).bloom('products');
    expect(bits).toBe('shop:catalog:__bloom:{products}');
    expect(hashTag(`${bits}:size`)).toBe(hashTag(`${bits}:tmp:1:2:bulk`));
  });

  it('refuses braces in the prefix on a cluster (every key would share one slot)', () => {
    expect(() => new KeySpace('sh{op}', 'catalog', true)).toThrow(/must not contain/);
  });
});
