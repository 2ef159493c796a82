import 'reflect-metadata';
import {
  addMethodLayer,
  layerProviderMethods,
  type MethodLayer,
  originalMethod,
  type ProviderMethod,
} from './method-layers';

class Service {
  readonly base = 'v';
  get(id: string): string {
    return `${this.base}${id}`;
  }
}
Reflect.defineMetadata('bulwark:test:key', 'on the original', Service.prototype.get);

/** A layer that records its name around the call. */
const tagging = (owner: string, rank: number): MethodLayer => ({
  owner,
  rank,
  wrap:
    (next: ProviderMethod) =>
    (...args) =>
      `${owner}(${String(next(...args))})`,
});

describe('method layers', () => {
  it('should nest layers by rank, whichever is added first', () => {
    const a = new Service();
    addMethodLayer(a, 'get', tagging('inner', 1));
    addMethodLayer(a, 'get', tagging('outer', 2));
    const b = new Service();
    addMethodLayer(b, 'get', tagging('outer', 2));
    addMethodLayer(b, 'get', tagging('inner', 1));
    expect(a.get('1')).toBe('outer(inner(v1))');
    expect(b.get('1')).toBe('outer(inner(v1))');
  });

  it("should keep the original's metadata and reach the original under the layers", () => {
    const s = new Service();
    addMethodLayer(s, 'get', tagging('x', 1));
    expect(Reflect.getMetadata('bulwark:test:key', s.get)).toBe('on the original');
    expect(originalMethod(s.get as ProviderMethod)).toBe(Service.prototype.get);
  });

  it('should refuse a second layer of the same owner (a module imported twice)', () => {
    const s = new Service();
    expect(addMethodLayer(s, 'get', tagging('x', 1))).toBe(true);
    expect(addMethodLayer(s, 'get', tagging('x', 1))).toBe(false);
    expect(s.get('1')).toBe('x(v1)');
  });

  it('should warn about request-scoped providers instead of wrapping them', () => {
    const warn = jest.fn();
    const instance = new Service();
    const added = layerProviderMethods(
      [{ name: 'Service', instance, isDependencyTreeStatic: () => false }],
      () => ['get'],
      {
        owner: 'test',
        decorated: (m) => Reflect.hasMetadata('bulwark:test:key', m),
        layerFor: () => tagging('test', 1),
        warn,
      },
    );
    expect(added).toBe(0);
    expect(instance.get('1')).toBe('v1');
    expect(warn).toHaveBeenCalledWith(
      'Service.get: test decorators ignored on a request-scoped provider',
    );
  });
});
