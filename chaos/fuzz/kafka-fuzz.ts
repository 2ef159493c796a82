import type { RawEvent } from '../order-events';
import { nested } from './nasty-values';
import type { Prng } from './prng';

const VALUES: (string | null)[] = [
  null,
  '',
  'null',
  '{}',
  '[]',
  '"x"',
  '1',
  'true',
  '{"orderId":null}',
  '{"orderId":-1}',
  '{"orderId":0}',
  '{"orderId":1.5}',
  '{"orderId":"1"}',
  '{"orderId":1e400}',
  '{"orderId":99999999999}',
  '{"orderId":2147483647}',
  '{"orderId":[1]}',
  '{"orderId":{"$gt":0}}',
  '{"__proto__":{"orderId":1}}',
  '{"orderId":',
  '{"orderId":1',
  "{'orderId':1}",
  '\ufeff{"orderId":2147483646}',
];

const HEADER_VALUES = [
  '',
  'abc',
  '-1',
  '0',
  '1',
  '999999',
  '1e400',
  'NaN',
  ' ',
  '\u0000',
  'x'.repeat(1000),
];
const HEADER_NAMES = [
  'x-message-id',
  'x-retry-count',
  'x-deadline',
  'x-retry-due-at',
  'x-original-topic',
  'x-original-partition',
  'x-original-offset',
  'x-first-failure-at',
  'x-attempts',
  'content-type',
];

/**
 * Malformed `orders.created` messages: random bytes, broken or wrongly typed JSON, tombstones,
 * oversized and deeply nested values, and the messaging headers set to garbage. None is a valid
 * event for an order that exists, so each must end up in the DLQ (or be skipped), never crash the
 * consumer or stall its partition.
 */
export function malformedEvents(rng: Prng, count: number): RawEvent[] {
  const events: RawEvent[] = [];
  for (let i = 0; i < count; i++) {
    let value: Buffer | string | null;
    const kind = rng.int(10);
    if (kind <= 1) value = rng.bytes(rng.int(300));
    else if (kind === 2) value = nested(rng.pick([100, 5_000, 20_000]));
    else if (kind === 3) value = JSON.stringify({ orderId: 'x'.repeat(rng.pick([10, 500_000])) });
    else value = rng.pick(VALUES);
    const headers: Record<string, string | Buffer> = {};
    for (let h = 0, n = rng.int(4); h < n; h++) {
      headers[rng.pick(HEADER_NAMES)] = rng.chance(0.2)
        ? rng.bytes(rng.int(40))
        : rng.pick(HEADER_VALUES);
    }
    const key = rng.chance(0.2)
      ? null
      : rng.chance(0.5)
        ? `fuzz-${i}`
        : rng.bytes(8).toString('latin1');
    events.push({ key, value, headers });
  }
  return events;
}
