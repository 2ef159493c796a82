import type { CallerDeadline } from '../caller-deadline';
import type { ResolvedEntryOptions } from '../cache-options';
import type { EntryResult, Loader } from './cache-stack';
import type { CallerWait } from './caller-wait';
import type { RefreshAhead } from './refresh-ahead';
import type { RemoteFlow } from './remote-flow';

/**
 * L2 only (the key opted out of L1, or L1 is disabled): every read goes to L2, which is what
 * keys that must never be served from a per-instance copy want.
 * @internal
 */
export class SingleTierHandler {
  constructor(
    private readonly flow: RemoteFlow,
    private readonly refresher: RefreshAhead,
    private readonly wait: CallerWait,
  ) {}

  handle<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
    deadline: CallerDeadline | undefined,
  ): Promise<EntryResult<T>> {
    return this.wait.join(key, deadline, async () => {
      const result = await this.flow.resolve(key, loader, opts);
      if (result.state === 'l2') this.refresher.maybeRefresh(key, result.entry, loader, opts);
      return result;
    });
  }
}
