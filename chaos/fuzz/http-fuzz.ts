import { request } from 'node:http';
import { Tally } from '../tally';
import {
  BAD_DEADLINES,
  BAD_IDS,
  BAD_VALUES,
  brokenJson,
  CONTENT_ENCODINGS,
  CONTENT_TYPES,
  nested,
} from './nasty-values';
import type { Prng } from './prng';

export interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

interface Template {
  method: string;
  path: (rng: Prng) => string;
  body?: (rng: Prng) => Record<string, unknown>;
  admin?: boolean;
  /** Send the body as built: no mutation may turn it into a different valid request. */
  keepBody?: boolean;
}

const BAD_LIMITS = ['0', '-1', '1001', 'abc', '1.5', '', '99999999999', 'NaN', '[]', '%00', '1,2'];
const BAD_POSITION_PARTS: unknown[] = [-1, 1.5, '0', 'abc', 2 ** 31, '-1', '1e3', '', [], {}, true];

const goodId = (rng: Prng) => String(1 + rng.int(2_000));

const TEMPLATES: Template[] = [
  { method: 'GET', path: (r) => `/products/${goodId(r)}` },
  { method: 'GET', path: (r) => `/orders/${goodId(r)}` },
  {
    method: 'POST',
    path: () => '/orders',
    body: (r) => ({ productId: 301 + r.int(700), quantity: 1 + r.int(3) }),
  },
  {
    method: 'POST',
    path: () => '/products',
    body: (r) => ({
      sku: `FZ-${r.int(1e9)}`,
      name: 'fuzz',
      priceCents: r.int(1000),
      stock: r.int(10),
    }),
  },
  {
    method: 'PUT',
    path: (r) => `/products/${1_001 + r.int(1_000)}`,
    body: (r) => ({ name: 'fuzzed', priceCents: r.int(1000), version: 1 + r.int(3) }),
  },
  {
    method: 'POST',
    path: () => '/admin/cache/purge',
    body: (r) => ({ productIds: [1 + r.int(2000)] }),
    admin: true,
  },
  // Without a valid token: refused whatever the limit is.
  { method: 'GET', path: (r) => `/admin/dlq/orders.created?limit=${1 + r.int(5)}` },
  {
    // With the token, only malformed limits: a valid listing starts a Kafka consumer in the shop
    // (~0.3 s of CPU), an admin operation rather than malformed input.
    method: 'GET',
    path: (r) => `/admin/dlq/orders.created?limit=${r.pick(BAD_LIMITS)}`,
    admin: true,
  },
  {
    // Without a valid token: the guard must refuse whatever the body is.
    method: 'POST',
    path: () => '/admin/dlq/orders.created/replay',
    body: (r) => ({ positions: [{ partition: r.int(3), offset: String(1e9 + r.int(1e6)) }] }),
  },
  {
    // With the token, only malformed positions: a body without them is a valid "replay every
    // dead letter", an admin operation (see the README) rather than malformed input.
    method: 'POST',
    path: () => '/admin/dlq/orders.created/replay',
    body: (r) => ({
      positions: [{ partition: r.pick(BAD_POSITION_PARTS), offset: r.pick(BAD_POSITION_PARTS) }],
    }),
    admin: true,
    keepBody: true,
  },
  { method: 'GET', path: () => '/admin/dlq/rmq/notifications', admin: true },
  {
    method: 'GET',
    path: (r) => r.pick(['/health/live', '/health/ready', '/metrics', '/docs-json']),
  },
];

const STRANGE_PATHS = [
  '/',
  '//products//1',
  '/products/',
  '/products/1/',
  '/products/1?x=%',
  '/products/1/../../admin/dlq/x',
  '/admin/dlq/..',
  `/admin/dlq/${'a'.repeat(300)}`,
  '/admin/dlq/%2e%2e',
  '/admin/dlq/orders.created%00',
  '/admin/dlq/rmq/',
  '/admin/dlq/rmq/%ZZ',
  '/orders/',
  '/no/such/route',
  `/${'x/'.repeat(500)}`,
  '/products/1?limit=1&limit=2',
  '/admin/bloom/rebuild',
  '/metrics?name[]=x',
  '/docs/%',
];

/**
 * One random or mutated request: a valid template with its id, body or headers broken, or a
 * strange path with an arbitrary method. Admin routes get the right token half the time, so the
 * validation behind the guard is reached too.
 */
export function fuzzRequest(rng: Prng, adminToken: string): FuzzRequest {
  const t = rng.pick(TEMPLATES);
  const headers: Record<string, string> = {};
  let method = t.method;
  let path = t.path(rng);
  let body: Buffer | undefined;
  if (t.admin && rng.chance(0.5)) headers.authorization = `Bearer ${adminToken}`;
  else if (rng.chance(0.2)) {
    headers.authorization = rng.pick([
      'Bearer',
      'Basic Zm9vOmJhcg==',
      `Bearer ${'x'.repeat(5000)}`,
      'Bearer ' + adminToken.slice(1),
    ]);
  }

  const mutation = rng.int(10);
  if (mutation <= 1) {
    // a bad id where an id belongs
    path = path.replace(/\/\d+(?=$|\?)/, `/${rng.pick(BAD_IDS)}`);
  } else if (mutation === 2) {
    path = rng.pick(STRANGE_PATHS);
    method = rng.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']);
  }

  if (t.body || method === 'POST' || method === 'PUT' || method === 'PATCH') {
    const valid: Record<string, unknown> = t.body ? t.body(rng) : {};
    body = Buffer.from(t.keepBody ? JSON.stringify(valid) : mutateBody(rng, valid));
    const plain = t.keepBody || rng.chance(0.8);
    headers['content-type'] = plain ? 'application/json' : rng.pick(CONTENT_TYPES);
    if (!t.keepBody && rng.chance(0.05)) {
      headers['content-encoding'] = rng.pick(CONTENT_ENCODINGS);
    }
  }
  // Every request carries at least one malformation: a plain valid request tests nothing here.
  const malformed = mutation <= 2 || body !== undefined || Object.keys(headers).length > 0;
  if (!malformed || rng.chance(0.15)) headers['x-request-timeout'] = rng.pick(BAD_DEADLINES);
  if (rng.chance(0.15)) headers['x-request-deadline'] = rng.pick(BAD_DEADLINES);
  if (rng.chance(0.1))
    headers['x-request-id'] = rng.pick(['', 'a'.repeat(8000), '../../etc/passwd', 'ünï']);
  if (rng.chance(0.05))
    headers.accept = rng.pick(['application/xml', '*/*;q=abc', '', 'text/html']);
  // Raw spaces or non-ASCII would make Node's client refuse to send; the server gets them escaped.
  path = path.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
  return { method, path, headers, body };
}

function mutateBody(rng: Prng, valid: Record<string, unknown>): string {
  const kind = rng.int(20);
  if (kind === 0) return nested(rng.pick([31, 32, 33, 64, 5_000, 50_000]));
  if (kind === 1)
    return JSON.stringify({ ...valid, pad: 'x'.repeat(rng.pick([900_000, 2_000_000])) });
  if (kind === 2) return JSON.stringify(Array.from({ length: 100_000 }, (_, i) => i));
  if (kind === 3) return brokenJson(rng, JSON.stringify(valid));
  if (kind === 4)
    return rng.pick(['', 'null', '[]', '"str"', '1', 'true', '{}', '{"__proto__":{"admin":true}}']);
  if (kind === 5) return '{"productId":1,"productId":"x","quantity":1}';
  const body: Record<string, unknown> = { ...valid };
  const keys = Object.keys(body);
  for (let i = 0, n = 1 + rng.int(3); i < n; i++) {
    const op = rng.int(4);
    if (op === 0 && keys.length > 0) delete body[rng.pick(keys)];
    else if (op === 1)
      body[rng.pick(['admin', 'status', 'id', 'constructor', '__proto__', 'x'.repeat(300)])] =
        rng.pick(BAD_VALUES);
    else if (keys.length > 0) body[rng.pick(keys)] = rng.pick(BAD_VALUES);
  }
  return JSON.stringify(body);
}

/** Sends one request on a fresh connection; the status, or the network error's kind. */
export function send(
  base: string,
  req: FuzzRequest,
  tally: Tally,
  timeoutMs = 10_000,
): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve) => {
    let settled = false;
    const done = (status: number, failure?: string) => {
      if (settled) return;
      settled = true;
      if (failure) tally.failure(failure);
      else tally.status(status);
      resolve(status);
    };
    let r: ReturnType<typeof request>;
    try {
      r = request(
        {
          host: url.hostname,
          port: url.port,
          method: req.method,
          path: req.path,
          headers: {
            ...req.headers,
            ...(req.body ? { 'content-length': String(req.body.length) } : {}),
          },
          agent: false,
          timeout: timeoutMs,
        },
        (res) => {
          res.resume();
          res.on('end', () => done(res.statusCode ?? 0));
          res.on('error', () => done(res.statusCode ?? 0));
        },
      );
    } catch (err) {
      // The client itself refused the request (e.g. a header it considers invalid): not sent.
      resolve(-1);
      return void err;
    }
    r.on('timeout', () => {
      r.destroy();
      done(0, 'timeout');
    });
    r.on('error', (err: Error & { code?: string }) => done(0, err.code ?? 'error'));
    r.end(req.body);
  });
}

/** Runs `count` fuzz requests, `concurrency` at a time, spread over `bases`. */
export async function httpFuzz(
  rng: Prng,
  bases: string[],
  adminToken: string,
  count: number,
  concurrency: number,
): Promise<{
  tally: Tally;
  fiveHundreds: string[];
  notSent: number;
  slowest: { ms: number; what: string }[];
}> {
  const tally = new Tally();
  const fiveHundreds: string[] = [];
  const slowest: { ms: number; what: string }[] = [];
  let notSent = 0;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const req = fuzzRequest(rng, adminToken);
      const started = performance.now();
      const status = await send(bases[i % bases.length], req, tally);
      const ms = Math.round(performance.now() - started);
      slowest.push({ ms, what: `${status} ${describe(req)}` });
      slowest.sort((a, b) => b.ms - a.ms).splice(8);
      if (status === -1) notSent++;
      if (status >= 500) {
        fiveHundreds.push(
          `${status} ${req.method} ${req.path.slice(0, 120)} ${JSON.stringify(req.headers).slice(0, 200)} ${req.body?.toString('latin1').slice(0, 200) ?? ''}`,
        );
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { tally, fiveHundreds, notSent, slowest };
}

function describe(req: FuzzRequest): string {
  const body = req.body ? ` body ${req.body.length} B ${req.body.toString('latin1', 0, 80)}` : '';
  return `${req.method} ${req.path.slice(0, 100)} ${JSON.stringify(req.headers).slice(0, 160)}${body}`;
}
