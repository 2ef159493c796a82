import { Agent, get as httpGet } from 'node:http';

/** A response as the tests need it. */
export interface TestResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  /** Wall-clock time from sending to the last byte, ms. */
  ms: number;
}

/**
 * GETs over a keep-alive agent. Timing assertions (budget + 25 ms) need this: a fresh TCP
 * connection per request (supertest's default) adds connect time and, on a loaded 2-CPU box,
 * occasional tens of ms that belong to the test client, not to the server under test.
 */
export function createHttpClient(baseUrl: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const get = (path: string, headers: Record<string, string> = {}): Promise<TestResponse> =>
    new Promise((resolve, reject) => {
      const started = performance.now();
      const req = httpGet(`${baseUrl}${path}`, { agent, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const isJson = (res.headers['content-type'] ?? '').includes('json');
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: isJson && text ? JSON.parse(text) : text,
            ms: performance.now() - started,
          });
        });
      });
      req.on('error', reject);
    });
  return { get, close: () => agent.destroy() };
}
