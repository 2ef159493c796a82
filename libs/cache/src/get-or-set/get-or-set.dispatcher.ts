import type { CallerDeadline } from '../caller-deadline';
import type { ResolvedEntryOptions } from '../cache-options';
import type { CacheStack, EntryResult, Loader } from './cache-stack';
import { CallerWait } from './caller-wait';
import { L1Renewal } from './l1-renewal';
import { RefreshAhead } from './refresh-ahead';
import { RemoteFlow } from './remote-flow';
import { SingleTierHandler } from './single-tier.handler';
import { TwoTierHandler } from './two-tier.handler';

/**
 * Picks the read path per call: two tiers when this key may live in L1, else L2 only. The
 * flows differ in where single-flight sits and what gets filled afterwards, so they are kept
 * as two flat handlers rather than one with branches.
 * @internal
 */
export class GetOrSetDispatcher {
  readonly flow: RemoteFlow;
  readonly #single: SingleTierHandler;
  readonly #two?: TwoTierHandler;

  constructor(stack: CacheStack) {
    this.flow = new RemoteFlow(stack);
    const refresher = new RefreshAhead(stack, this.flow);
    const wait = new CallerWait(stack, this.flow.runner);
    this.#single = new SingleTierHandler(this.flow, refresher, wait);
    if (stack.local) {
      const renewal = new L1Renewal(stack, stack.local, this.flow);
      this.#two = new TwoTierHandler(stack, stack.local, this.flow, refresher, wait, renewal);
    }
  }

  /** Synchronous L1 answer if there is one, so hot hits cost no promise hop before the Bloom check. */
  fromL1<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
  ): EntryResult<T> | undefined {
    return opts.l1Ttl > 0 ? this.#two?.fromL1(key, loader, opts) : undefined;
  }

  /** The read past L1; `deadline` bounds how long this caller waits, not the load. */
  handle<T>(
    key: string,
    loader: Loader<T>,
    opts: ResolvedEntryOptions,
    deadline: CallerDeadline | undefined,
  ): Promise<EntryResult<T>> {
    return this.#two && opts.l1Ttl > 0
      ? this.#two.handle(key, loader, opts, deadline)
      : this.#single.handle(key, loader, opts, deadline);
  }
}
