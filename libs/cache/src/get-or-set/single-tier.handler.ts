import type { ResolvedEntryOptions } from '../cache-options';
import type { CacheStack, EntryResult, Loader } from './cache-stack';
import type { RefreshAhead } from './refresh-ahead';
import type { RemoteFlow } from './remote-flow';

/**
 * L2 only (the key opted out of L1, or L1 is disabled): every read goes to L2, which is what
 * keys that must never be served from a per-instance copy want.
 * @internal
 */
export class SingleTierHandler {
  constructor(
    private readonly stack: CacheStack,
    private readonly flow: RemoteFlow,
    private readonly refresher: RefreshAhead,
  ) {}

  async handle<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
  ): Promise<EntryResult<T>> {
    return this.stack.flights.run(
      key,
      async () => {
        const result = await this.flow.resolve(key, loader, opts);
        if (result.state === 'l2') this.refresher.maybeRefresh(key, result.entry, loader, opts);
        return result;
      },
      () => this.stack.metrics.inc('coalesced'),
    );
  }
}
