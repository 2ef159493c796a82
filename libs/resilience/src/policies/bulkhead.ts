import { bulkhead, BulkheadPolicy } from 'cockatiel';
import { RESILIENCE_DEFAULT_BULKHEAD_QUEUE } from '../resilience.constants';

/** Options of a bulkhead. @publicApi */
export interface BulkheadOptions {
  /** Calls allowed to run at once. */
  limit: number;
  /** Calls allowed to wait for a slot; further calls are rejected with 503. @default 0 */
  queue?: number;
}

/**
 * Creates cockatiel's bulkhead. No wrapper is needed: queued calls that outlive their deadline
 * are dropped by the policy stack's innermost step, which checks the deadline before calling,
 * so the bulkhead never needs an `AbortSignal` (and nobody pays ≈2 µs for one).
 * @example const pool = bulkheadPolicy({ limit: 20, queue: 50 });
 * @publicApi
 */
export function bulkheadPolicy(options: BulkheadOptions): BulkheadPolicy {
  return bulkhead(options.limit, options.queue ?? RESILIENCE_DEFAULT_BULKHEAD_QUEUE);
}
