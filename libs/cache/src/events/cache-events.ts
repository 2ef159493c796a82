/**
 * Every event name written once, typed. `CacheService.on(name, fn)` listens; tests await them
 * instead of sleeping.
 */
export const cacheEvents = {
  hit: (key: string, tier: 'l1' | 'l2') => ({ name: 'cache:hit' as const, data: { key, tier } }),
  miss: (key: string) => ({ name: 'cache:miss' as const, data: { key } }),
  load: (key: string, ok: boolean) => ({ name: 'cache:load' as const, data: { key, ok } }),
  stale: (key: string) => ({ name: 'cache:stale' as const, data: { key } }),
  lockTimeout: (key: string) => ({ name: 'cache:lock-timeout' as const, data: { key } }),
  bloomReject: (key: string, filter: string) => ({
    name: 'cache:bloom-reject' as const,
    data: { key, filter },
  }),
  refreshed: (key: string, ok: boolean) => ({
    name: 'cache:refreshed' as const,
    data: { key, ok },
  }),
  evict: (key: string) => ({ name: 'cache:evict' as const, data: { key } }),
  evictReplayed: (key: string) => ({ name: 'cache:evict-replayed' as const, data: { key } }),
  doubleDelete: (key: string) => ({ name: 'cache:double-delete' as const, data: { key } }),
  invalidated: (key: string) => ({ name: 'cache:invalidated' as const, data: { key } }),
  backend: (down: boolean) => ({ name: 'cache:redis-state' as const, data: { down } }),
};

type Factories = typeof cacheEvents;
/** A cache event, as produced by `cacheEvents`. */
export type CacheEvent = ReturnType<Factories[keyof Factories]>;
/** Event names. */
export type CacheEventName = CacheEvent['name'];
/** Payload of the event `N`. */
export type CacheEventData<N extends CacheEventName> = Extract<CacheEvent, { name: N }>['data'];
