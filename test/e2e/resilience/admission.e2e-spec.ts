import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { startTestShop, TestShop } from '../../support/shop-app';
import { waitFor } from '../../support/wait-for';

const ADMIN_TOKEN = 'admission-e2e-admin-token';

interface ReadyBody {
  details: { admission?: { status: string; shedding: boolean; shedTotal: number } };
}

/** Keeps this process's event loop busy in `blockMs` slices, never idle: a saturated server. */
function saturateEventLoop(blockMs: number): () => void {
  const timer = setInterval(() => {
    const end = performance.now() + blockMs;
    while (performance.now() < end);
  }, 1);
  return () => clearInterval(timer);
}

describe('Resilience > admission control on the shop', () => {
  let shop: TestShop;
  let base: string;
  let productId: number;

  const ready = async () => {
    // The admin token shows the details (admission figures are not public).
    const res = await fetch(`${base}/health/ready`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    return { status: res.status, body: (await res.json()) as ReadyBody };
  };

  beforeAll(async () => {
    shop = await startTestShop({ ADMIN_TOKEN, ADMISSION_CONTROL: 'on' });
    const server = shop.app.getHttpServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const created = await fetch(`${base}/products`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sku: 'ADM-1', name: 'Admission kettle', priceCents: 999, stock: 5 }),
    });
    productId = ((await created.json()) as { id: number }).id;
    expect((await fetch(`${base}/products/${productId}`)).status).toBe(200); // now in L1
  });

  afterAll(() => shop.close());

  it('should serve a short burst in full: no sustained delay, nothing shed', async () => {
    const statuses = await Promise.all(
      Array.from(
        { length: 300 },
        async () => (await fetch(`${base}/products/${productId}`)).status,
      ),
    );
    expect(statuses.filter((s) => s !== 200)).toEqual([]);
    const { body } = await ready();
    expect(body.details.admission).toMatchObject({ status: 'up', shedding: false, shedTotal: 0 });
  });

  it('should shed under sustained overload with fast 503s, keep probes, metrics and admin, and stay ready', async () => {
    const release = saturateEventLoop(40);
    try {
      await waitFor(
        'admission control shedding',
        async () => (await ready()).body.details.admission?.shedding === true,
        10_000,
      );

      const refusedMs: number[] = [];
      let refusal: Response | undefined;
      for (let i = 0; i < 200 && refusedMs.length < 10; i++) {
        const started = performance.now();
        const res = await fetch(`${base}/products/${productId}`);
        const body = await res.text();
        if (res.status !== 503) continue;
        refusedMs.push(performance.now() - started);
        refusal = res;
        expect(JSON.parse(body)).toEqual({
          statusCode: 503,
          error: 'Service Unavailable',
          message: 'overloaded, retry later',
        });
      }
      expect(refusedMs).toHaveLength(10);
      expect(refusal?.headers.get('retry-after')).toBe('1');
      // Each waits at most one 40 ms block of the loop, never the route's 300 ms budget.
      expect(Math.max(...refusedMs)).toBeLessThan(250);

      expect((await fetch(`${base}/health/live`)).status).toBe(200);
      const admin = await fetch(`${base}/admin/dlq/orders.created`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(admin.status).not.toBe(503);
      const metrics = await (await fetch(`${base}/metrics`)).text();
      const shed = Number(/^bulwark_resilience_admission_shed_total (\d+)/m.exec(metrics)?.[1]);
      expect(shed).toBeGreaterThanOrEqual(10);
      expect(metrics).toMatch(/^bulwark_resilience_admission_shedding 1$/m);

      const { status, body } = await ready();
      expect(status).toBe(200);
      expect(body.details.admission).toMatchObject({ status: 'up', shedding: true });
      expect(body.details.admission!.shedTotal).toBeGreaterThanOrEqual(10);
    } finally {
      release();
    }
    // Overload over: the admit ratio climbs back and shedding stops by itself.
    await waitFor(
      'admission control no longer shedding',
      async () => (await ready()).body.details.admission?.shedding === false,
      10_000,
    );
    expect((await fetch(`${base}/products/${productId}`)).status).toBe(200);
  }, 30_000);
});
