import type { Prng } from './prng';

/** Path segments where an id belongs. */
export const BAD_IDS = [
  '',
  'abc',
  '-1',
  '0',
  '1.5',
  '1e3',
  '0x10',
  ' 1',
  '1 ',
  '+1',
  '١٢٣',
  '２',
  'NaN',
  'Infinity',
  '2147483647',
  '2147483648',
  '-2147483649',
  '9'.repeat(30),
  '9'.repeat(400),
  '%00',
  '%FF',
  '%',
  '%E0%A4%A',
  '..',
  '..%2F..%2Fadmin',
  '1;DROP TABLE product',
  "1' OR '1'='1",
  '1%0d%0aX: y',
  '%F0%9F%92%A5',
  'null',
  'undefined',
  '[]',
  '{}',
  '__proto__',
  'constructor',
  '1/2',
];

/** Values that replace a field of a valid body. */
export const BAD_VALUES: unknown[] = [
  null,
  true,
  false,
  '',
  ' ',
  '1',
  'abc',
  'x'.repeat(10_000),
  -1,
  0,
  1.5,
  -0.0001,
  1e308,
  -1e308,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31) - 1,
  2 ** 53 + 1,
  Number.MAX_SAFE_INTEGER,
  [],
  {},
  [1, 2],
  { $gt: 0 },
  '\u0000',
  '💥',
  '<script>alert(1)</script>',
  { __proto__: { admin: true } },
  [[[[[[[[[[1]]]]]]]]]],
  '2024-01-01T00:00:00Z',
  '1e3',
];

/** Deadline headers that are not a well-formed positive number: they must be ignored. */
export const BAD_DEADLINES = [
  'abc',
  '-5',
  '',
  ' ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-0',
  '0',
  'null',
  '12abc',
  '0x',
  '--1',
  '9'.repeat(400),
  '1,2',
];

export const CONTENT_TYPES = [
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'application/json; charset=bogus',
  'application/json; charset=latin1',
  'multipart/form-data; boundary=x',
  'application/*',
  'application/json, text/plain',
  '*/*',
  'application/vnd.api+json',
  'application/json; x=' + 'y'.repeat(2000),
];

export const CONTENT_ENCODINGS = ['gzip', 'deflate', 'br', 'identity', 'bogus', 'gzip, gzip'];

/** JSON nested `depth` levels deep: `{"a":{"a":…1…}}`. */
export function nested(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

/** A JSON text broken in one of several ways. */
export function brokenJson(rng: Prng, valid: string): string {
  switch (rng.int(6)) {
    case 0:
      return valid.slice(0, Math.max(1, rng.int(valid.length)));
    case 1:
      return valid.replace(/"/g, "'");
    case 2:
      return valid + ',';
    case 3:
      return '\ufeff' + valid;
    case 4:
      return valid.replace(/:/, '::');
    default:
      return rng.bytes(1 + rng.int(64)).toString('latin1');
  }
}
