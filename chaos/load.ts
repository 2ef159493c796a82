import autocannon from 'autocannon';
import { Tally } from './tally';

export interface LoadRequest {
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

/** One autocannon run against one shop; loopback only, bounded by rate × duration. */
export interface LoadSpec {
  readonly base: string;
  readonly connections: number;
  /** Requests per second over all connections. */
  readonly rate: number;
  readonly seconds: number;
  readonly next: () => LoadRequest;
  /** Sees each response body (e.g. to collect the ids of accepted orders). */
  readonly onResponse?: (status: number, body: string) => void;
}

export interface RunningLoad {
  readonly done: Promise<Tally>;
}

const MAX_CONNECTIONS = 50;

export function startLoad(spec: LoadSpec): RunningLoad {
  const url = new URL(spec.base);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') {
    throw new Error(`load is loopback only, not ${url.hostname}`);
  }
  const tally = new Tally();
  let finish: (err: Error | null) => void = () => undefined;
  const done = new Promise<Tally>((resolve, reject) => {
    finish = (err) => (err ? reject(err) : resolve(tally));
  });
  const instance = autocannon(
    {
      url: spec.base,
      connections: Math.min(spec.connections, MAX_CONNECTIONS),
      overallRate: spec.rate,
      duration: spec.seconds,
      timeout: 10,
      requests: [
        {
          setupRequest: (request) => {
            const next = spec.next();
            return {
              ...request,
              method: next.method,
              path: next.path,
              body: next.body,
              headers: next.body ? { 'content-type': 'application/json' } : {},
            };
          },
          onResponse: spec.onResponse
            ? (status, body) => spec.onResponse!(status, body)
            : undefined,
        },
      ],
    },
    (err) => finish(err),
  );
  instance.on('response', (_client, statusCode) => tally.status(statusCode));
  instance.on('reqError', (error: Error & { code?: string }) =>
    tally.failure(error.code ?? (/timed out/.test(error.message) ? 'timeout' : 'error')),
  );
  return { done };
}

/** Several loads at once (one per shop), merged. */
export function startLoads(specs: LoadSpec[]): RunningLoad {
  const runs = specs.map(startLoad);
  return {
    done: Promise.all(runs.map((r) => r.done)).then((ts) =>
      ts.reduce((a, t) => a.add(t), new Tally()),
    ),
  };
}
