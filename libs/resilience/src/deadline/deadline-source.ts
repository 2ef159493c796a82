import { DeadlineExceededError } from '../errors/deadline-exceeded.error';
import { currentDeadline, runWithoutDeadline } from './deadline';

/**
 * The request deadline as seen by a library that coalesces work for several callers, such as
 * `@bulwark/cache`, which loads a key once for every request waiting on it. Plain functions of
 * a structural shape, so such a library learns about deadlines without importing this one:
 * it reads the caller's deadline (`current`), runs the shared work outside any single caller's
 * deadline (`detached`), and, when a caller's own deadline ends its wait, fails that caller
 * with a 504 (`exceeded`; `callerImposed`, so a route breaker does not count it).
 * @example
 * CacheModule.forRoot({ redisUrl, deadlines: deadlineSource })
 * @publicApi
 */
export const deadlineSource = Object.freeze({
  current: currentDeadline,
  detached: runWithoutDeadline,
  exceeded: (what: string): Error => new DeadlineExceededError(what, Infinity, true),
});
