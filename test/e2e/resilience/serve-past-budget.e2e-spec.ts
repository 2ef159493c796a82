/**
 * Issue 15, "deadlines bound waiting, never serving", through the real shop: a request whose
 * budget ran out while it queued still gets the product already in L1; a miss whose budget is
 * spent fails fast without touching Postgres; and one caller's tiny budget does not fail the
 * single-flight load the others wait for.
 */
import { CacheService } from '@bulwark/cache';
import { setTimeout as sleep } from 'node:timers/promises';
import { Client } from 'pg';
import type { Response } from 'supertest';
import { DatabaseService } from '../../../apps/shop/src/database/database.service';
import { TEST_DATABASE_URL } from '../../support/postgres';
import { startTestShop, TestShop } from '../../support/shop-app';
import { waitFor } from '../../support/wait-for';

interface ProductBody {
  id: number;
  sku: string;
}

describe('Resilience | serving past the budget (shop)', () => {
  let shop: TestShop;
  let logQuery: jest.SpyInstance;

  beforeAll(async () => {
    // Generous route and Postgres budgets: the single-flight case holds the load ~0.5 s, and
    // only the one request that asks for 5 ms may time out.
    shop = await startTestShop({ PRODUCT_READ_TIMEOUT_MS: '5000', POSTGRES_TIMEOUT_MS: '3000' });
    // TypeORM logs every statement before sending it (whatever the log level): each product
    // SELECT here is a load that reached Postgres.
    logQuery = jest.spyOn(shop.app.get(DatabaseService).dataSource.logger, 'logQuery');
  });
  afterAll(async () => {
    logQuery?.mockRestore();
    await shop?.close();
  });

  const productReads = (): number =>
    logQuery.mock.calls.filter(
      ([sql]) => typeof sql === 'string' && /^SELECT\b[\s\S]*\."product"/i.test(sql),
    ).length;

  const create = async (sku: string): Promise<ProductBody> =>
    (
      await shop
        .http()
        .post('/products')
        .send({ sku, name: sku, priceCents: 100, stock: 5 })
        .expect(201)
    ).body as ProductBody;

  const passedDeadline = () => ({ 'x-request-deadline': String(Date.now() - 1_000) });

  it('serves a product already in L1 to a request whose deadline passed before it was handled', async () => {
    const product = await create('PAST-L1');
    await shop.http().get(`/products/${product.id}`).expect(200); // now in L1 (2 s)
    logQuery.mockClear();
    const res = await shop.http().get(`/products/${product.id}`).set(passedDeadline());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: product.id, sku: 'PAST-L1' });
    expect(productReads()).toBe(0);
  });

  it('answers 504 at once for an uncached product whose deadline passed, without querying Postgres', async () => {
    const product = await create('PAST-MISS');
    const loadsBefore = shop.app.get(CacheService).metrics.count('loads', 'ok');
    logQuery.mockClear();
    const res = await shop.http().get(`/products/${product.id}`).set(passedDeadline());
    expect(res.status).toBe(504);
    expect(res.body).toEqual({
      statusCode: 504,
      error: 'Gateway Timeout',
      message: expect.any(String),
    });
    await sleep(50); // a load started in the background would have logged by now
    expect(productReads()).toBe(0);
    expect(shop.app.get(CacheService).metrics.count('loads', 'ok')).toBe(loadsBefore);
    // With a budget the same product loads normally: it was skipped, not cached as missing.
    await shop.http().get(`/products/${product.id}`).expect(200);
    expect(productReads()).toBe(1);
  });

  describe('single-flight with one impatient caller', () => {
    let locker: Client;
    beforeEach(async () => {
      locker = new Client({ connectionString: TEST_DATABASE_URL });
      await locker.connect();
    });
    afterEach(async () => {
      await locker.query('ROLLBACK').catch(() => undefined);
      await locker.end();
    });

    /** Makes every product read wait until {@link unlock}: a slow Postgres, deterministically. */
    const lockProducts = async () => {
      await locker.query('BEGIN');
      await locker.query(`LOCK TABLE "${shop.schema}".product IN ACCESS EXCLUSIVE MODE`);
    };
    const unlock = () => locker.query('COMMIT');

    it('gives the 5 ms caller its 504 at once and the 20 others the value of one load', async () => {
      const product = await create('IMPATIENT-LEADER');
      const cache = shop.app.get(CacheService);
      await lockProducts();
      logQuery.mockClear();

      // The impatient request must be the one that starts the load (the leader). On a busy
      // machine its 5 ms can run out before it reaches the cache (Bloom check, Redis): then it
      // starts nothing (counted as `entry`) and is simply sent again. Once it left while
      // waiting (`wait`), it had joined a flight, and with no other request about, started it.
      let impatient: { res: Response; ms: number } | undefined;
      const leftWaiting = () => cache.metrics.count('deadline_exceeded', 'wait');
      for (let attempt = 0; attempt < 50 && leftWaiting() === 0; attempt++) {
        const started = Date.now();
        const res = await shop.http().get(`/products/${product.id}`).set('x-request-timeout', '5');
        impatient = { res, ms: Date.now() - started };
      }
      expect(leftWaiting()).toBe(1);
      expect(impatient?.res.status).toBe(504);
      // Answered while the table is still locked, so it did not wait for the load (the bound is
      // loose only because this machine is shared).
      expect(impatient?.ms).toBeLessThan(1_000);
      // Its load goes on without it: it reaches Postgres and blocks on the table lock.
      await waitFor('its load reaching Postgres', () => productReads() === 1, 1_000, 5);

      const coalescedBefore = cache.metrics.count('coalesced');
      const patient = Array.from({ length: 20 }, () =>
        shop
          .http()
          .get(`/products/${product.id}`)
          .then((res) => res),
      );
      await waitFor(
        '20 requests coalesced on the load',
        () => cache.metrics.count('coalesced') - coalescedBefore >= 20,
        3_000,
        5,
      );
      await unlock();

      const responses = await Promise.all(patient);
      expect(responses.map((res) => res.status)).toEqual(Array(20).fill(200));
      expect(responses.every((res) => (res.body as ProductBody).id === product.id)).toBe(true);
      expect(productReads()).toBe(1);
    });
  });
});
