/** A fleet-wide (or, without Redis, process-wide) mutual exclusion with a lease. */
export interface LoadLock {
  /** Returns an owner token, or `null` when someone else holds the lock. */
  tryAcquire(key: string, ttl: number): Promise<string | null>;
  /** Releases only if `token` still owns the lock. */
  release(key: string, token: string): Promise<void>;
  /** Extends the lease only if `token` still owns the lock; false when it was lost. */
  extend(key: string, token: string, ttl: number): Promise<boolean>;
}

/** Random owner token; unguessable enough that one holder never releases another's lock. */
export const newToken = () => `${process.pid}.${Math.random().toString(36).slice(2)}`;
