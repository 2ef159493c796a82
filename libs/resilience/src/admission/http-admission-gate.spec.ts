import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { AdmissionDecider, HttpAdmissionGate } from './http-admission-gate';

describe('HttpAdmissionGate', () => {
  let server: Server;
  let base: string;
  let handled: string[];
  let prepended: number;
  const decider: { shedding: boolean } & AdmissionDecider = { shedding: false, admit: () => false };
  let shed: number;
  let gate: HttpAdmissionGate;

  beforeEach(async () => {
    handled = [];
    prepended = 0;
    shed = 0;
    decider.shedding = false;
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      handled.push(req.url ?? '');
      res.end('ok');
    });
    gate = new HttpAdmissionGate(decider, ['/health/', '/metrics'], 2, () => shed++);
    gate.install(server);
    // Added after the gate, as a later bootstrap hook would: must not see refused requests either.
    server.prependListener('request', () => prepended++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(async () => {
    gate.uninstall();
    await new Promise((r) => server.close(r));
  });

  it('should pass every request through while not shedding', async () => {
    const res = await fetch(`${base}/products/1`);
    expect(res.status).toBe(200);
    expect(handled).toEqual(['/products/1']);
  });

  it('should answer 503 with Retry-After and a JSON body before any listener runs', async () => {
    decider.shedding = true;
    const res = await fetch(`${base}/products/1`);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'overloaded, retry later',
    });
    expect({ handled, prepended, shed, total: gate.shedTotal }).toEqual({
      handled: [],
      prepended: 0,
      shed: 1,
      total: 1,
    });
  });

  it('should keep the connection usable after a refusal (keep-alive)', async () => {
    decider.shedding = true;
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${base}/products/1`)).status);
    decider.shedding = false;
    statuses.push((await fetch(`${base}/products/1`)).status);
    expect(statuses).toEqual([503, 503, 503, 200]);
  });

  it('should never refuse exempt paths', async () => {
    decider.shedding = true;
    const statuses = await Promise.all(
      ['/health/live', '/metrics'].map(async (p) => (await fetch(base + p)).status),
    );
    expect(statuses).toEqual([200, 200]);
    expect(handled.sort()).toEqual(['/health/live', '/metrics']);
  });

  it('should restore the original emit on uninstall', () => {
    gate.uninstall();
    expect(Object.prototype.hasOwnProperty.call(server, 'emit')).toBe(true);
    expect(server.emit).toBe(Server.prototype.emit);
  });
});
