import { KeyTemplateError } from '../errors';
import { buildKey, type CacheKeyInput } from './key-template';

const input = (over: Partial<CacheKeyInput> = {}): CacheKeyInput => ({
  args: [],
  params: {},
  query: {},
  ...over,
});

describe('buildKey', () => {
  it('should fill {name} from route params, then from the query', () => {
    const i = input({ params: { id: '42' }, query: { lang: 'fr', id: 'ignored' } });
    expect(buildKey('product:{id}:{lang}', i)).toBe('product:42:fr');
  });

  it('should fill {0} and {0.path} from method arguments', () => {
    const i = input({ args: [7, { user: { id: 'u1' } }] });
    expect(buildKey('product:{0}', i)).toBe('product:7');
    expect(buildKey('cart:{1.user.id}', i)).toBe('cart:u1');
  });

  it('should pass a key function the whole input', () => {
    expect(buildKey(({ args }) => `sum:${(args[0] as number) + 1}`, input({ args: [1] }))).toBe(
      'sum:2',
    );
  });

  it('should throw instead of building "product:undefined"', () => {
    expect(() => buildKey('product:{id}', input())).toThrow(KeyTemplateError);
    expect(() => buildKey('product:{0.id}', input({ args: [{}] }))).toThrow('no value for {0.id}');
  });

  it('should leave a template without placeholders as is', () => {
    expect(buildKey('all-products', input())).toBe('all-products');
  });
});
