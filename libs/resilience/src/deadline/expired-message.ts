import type { Counter } from 'prom-client';
import { Deadline, runWithDeadline } from './deadline';
import { HeaderBag, messageDeadlineAt } from './headers';

/** Result of {@link handleUnlessExpired}. @publicApi */
export type MessageOutcome<T> = { skipped: true; deadline: number } | { skipped: false; value: T };

/** Options of {@link handleUnlessExpired}. @publicApi */
export interface HandleUnlessExpiredOptions {
  /** Handler name for the metric label, e.g. `OrdersConsumer.quote`. */
  handler: string;
  /** Milliseconds after the deadline during which the message is still handled. @default 0 */
  graceMs?: number;
  /** Counter to increment on skip (`ResilienceMetrics.expiredSkipped`). */
  counter?: Counter<'handler'>;
}

/**
 * True if the message carries an `x-deadline` header (epoch ms) that passed more than
 * `graceMs` ago. Messages without the header never expire.
 * @publicApi
 */
export function isMessageExpired(
  headers: HeaderBag | undefined,
  graceMs = 0,
  now = Date.now(),
): boolean {
  const at = messageDeadlineAt(headers);
  return at !== undefined && now > at + graceMs;
}

/**
 * Consumer-side deadline check: skips an expired message (and counts it), otherwise runs the
 * handler with the message's deadline as the current one.
 * @example
 * const out = await handleUnlessExpired(message.headers, () => this.quote(payload), { handler: 'quote' });
 * @publicApi
 */
export async function handleUnlessExpired<T>(
  headers: HeaderBag | undefined,
  handle: () => PromiseLike<T> | T,
  options: HandleUnlessExpiredOptions,
): Promise<MessageOutcome<T>> {
  const at = messageDeadlineAt(headers);
  if (at === undefined) return { skipped: false, value: await handle() };
  if (Date.now() > at + (options.graceMs ?? 0)) {
    options.counter?.inc({ handler: options.handler });
    return { skipped: true, deadline: at };
  }
  return {
    skipped: false,
    value: await runWithDeadline(new Deadline(at + (options.graceMs ?? 0)), handle),
  };
}
