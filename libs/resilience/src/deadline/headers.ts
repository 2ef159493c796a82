import {
  MESSAGE_DEADLINE_HEADER,
  REQUEST_DEADLINE_HEADER,
  REQUEST_TIMEOUT_HEADER,
} from '@bulwark/common';

/**
 * Header maps as the transports hand them over: Node's `IncomingHttpHeaders`, kafkajs'
 * `IHeaders` (Buffer values), amqplib's `properties.headers`.
 * @publicApi
 */
export type HeaderBag = Readonly<Record<string, unknown>>;

/** Plain decimal milliseconds. `Number()` alone would also take `0x10`, `1e1` and `" 5"`. */
const DECIMAL = /^\d{1,16}(\.\d{1,6})?$/;

/**
 * First value of a header as a finite number, or undefined; tolerates Buffer and arrays. Strings
 * must be plain decimals: anything else is ignored, as if the header were absent.
 */
export function headerNumber(headers: HeaderBag | undefined, name: string): number | undefined {
  let value = headers?.[name];
  if (Array.isArray(value)) value = value[0];
  if (Buffer.isBuffer(value)) value = value.toString('latin1');
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || !DECIMAL.test(value)) return undefined;
  return Number(value);
}

/**
 * The absolute deadline an HTTP caller asked for: `x-request-deadline` (epoch ms) or
 * `x-request-timeout` (ms from now); the earlier wins when both are sent. Invalid or
 * non-positive values are ignored, so a bad header cannot disable the route's own budget.
 */
export function requestDeadlineAt(headers: HeaderBag, now = Date.now()): number | undefined {
  const absolute = headerNumber(headers, REQUEST_DEADLINE_HEADER);
  const relative = headerNumber(headers, REQUEST_TIMEOUT_HEADER);
  const fromRelative = relative !== undefined && relative > 0 ? now + relative : undefined;
  const fromAbsolute = absolute !== undefined && absolute > 0 ? absolute : undefined;
  if (fromAbsolute === undefined) return fromRelative;
  if (fromRelative === undefined) return fromAbsolute;
  return Math.min(fromAbsolute, fromRelative);
}

/** The deadline a message producer attached with `deadlineHeaders()`, epoch ms. */
export function messageDeadlineAt(headers: HeaderBag | undefined): number | undefined {
  const at = headerNumber(headers, MESSAGE_DEADLINE_HEADER);
  return at !== undefined && at > 0 ? at : undefined;
}
