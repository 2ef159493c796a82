/** A provider method as the explorers see it. */
export type ProviderMethod = (...args: unknown[]) => unknown;

/**
 * One library's behaviour around a provider method (`@Cacheable`, `@Timeout`, …).
 * @publicApi
 */
export interface MethodLayer {
  /** Who adds it (`'cache'`, `'resilience'`): one layer per owner, however many modules run. */
  readonly owner: string;
  /**
   * Where it sits: a higher rank runs further out. Fixed per owner, so the nesting is the same
   * whichever module initialises first and whichever way round the decorators are written.
   */
  readonly rank: number;
  /** Wraps `next` (the original, or the layers inside this one). May be called again on re-layering. */
  wrap(next: ProviderMethod): ProviderMethod;
}

/** What `DiscoveryService.getProviders()` yields, as far as wrapping needs it. */
export interface DiscoveredProvider {
  readonly name: unknown;
  readonly instance: unknown;
  isDependencyTreeStatic(): boolean;
}

/**
 * The rank of each library's layer. Resilience runs outside the cache, as it does on routes
 * (its interceptor is global, `@Cacheable`'s is method-scoped, and Nest runs global ones first):
 * a `@Timeout` bounds the whole call, cache wait included, and a `@Fallback` value is returned
 * to its caller without being cached for everyone else.
 * @publicApi
 */
export const METHOD_LAYER_RANK = { cache: 100, resilience: 200 } as const;

interface LayerStack {
  readonly original: ProviderMethod;
  readonly layers: readonly MethodLayer[];
}

const STACK = Symbol.for('bulwark.method-layers');

/**
 * The method as its class declared it, under any layers already added: what the decorators'
 * metadata is read from, so one explorer never hides another's decorators.
 */
export function originalMethod(method: ProviderMethod): ProviderMethod {
  return (Reflect.get(method, STACK) as LayerStack | undefined)?.original ?? method;
}

/**
 * Adds `layer` to `instance[name]`. The method is rebuilt from the original with every layer in
 * rank order (not wrapped around whatever is there), the original's metadata is copied onto the
 * result (Swagger and other explorers read it off the method), and a second layer of the same
 * owner is refused. Returns whether the layer was added.
 */
export function addMethodLayer(instance: object, name: string, layer: MethodLayer): boolean {
  const current = Reflect.get(instance, name) as ProviderMethod;
  const stack = (Reflect.get(current, STACK) as LayerStack | undefined) ?? {
    original: current,
    layers: [],
  };
  if (stack.layers.some((l) => l.owner === layer.owner)) return false;
  const layers = [...stack.layers, layer].sort((a, b) => a.rank - b.rank);
  const { original } = stack;
  let method: ProviderMethod = (...args) => original.apply(instance, args);
  for (const l of layers) method = l.wrap(method);
  for (const key of Reflect.getMetadataKeys(original) as unknown[]) {
    Reflect.defineMetadata(key, Reflect.getMetadata(key, original), method);
  }
  Object.defineProperty(method, STACK, { value: { original, layers } satisfies LayerStack });
  Object.defineProperty(instance, name, { value: method, configurable: true, writable: true });
  return true;
}

/** What an explorer tells {@link layerProviderMethods}. */
export interface MethodLayerSource {
  /** Who adds the layers, as in {@link MethodLayer.owner}; also named in warnings. */
  readonly owner: string;
  /** Whether the method carries this owner's decorators. */
  decorated(original: ProviderMethod): boolean;
  /** The layer for a decorated method of `instance`; `label` is `Class.method`. */
  layerFor(original: ProviderMethod, label: string, instance: object): MethodLayer;
  warn(message: string): void;
}

/**
 * The one rule both method explorers (cache, resilience) follow at `onModuleInit`: each
 * decorated method of a singleton provider gets the owner's layer (see {@link addMethodLayer});
 * request-scoped providers have no singleton instance to patch, so they get a warning, not
 * silence. Hand-written because Nest has no method-wrapping API (its enhancers apply to routes
 * and message handlers only). Returns how many methods got the layer.
 */
export function layerProviderMethods(
  providers: readonly DiscoveredProvider[],
  methodNames: (prototype: object) => string[],
  source: MethodLayerSource,
): number {
  let added = 0;
  for (const provider of providers) {
    const instance = provider.instance;
    if (typeof instance !== 'object' || instance === null) continue;
    for (const name of methodNames(Object.getPrototypeOf(instance) as object)) {
      const current: unknown = Reflect.get(instance, name);
      if (typeof current !== 'function') continue;
      const original = originalMethod(current as ProviderMethod);
      if (!source.decorated(original)) continue;
      if (!provider.isDependencyTreeStatic()) {
        source.warn(
          `${String(provider.name)}.${name}: ${source.owner} decorators ignored on a request-scoped provider`,
        );
        continue;
      }
      const layer = source.layerFor(original, `${instance.constructor.name}.${name}`, instance);
      if (addMethodLayer(instance, name, layer)) added++;
    }
  }
  return added;
}
