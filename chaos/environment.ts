import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { collect, runTs } from '../test/support/shop-process';
import { BrokerProcess } from './broker-process';
import { track } from './children';
import { ColdIds, ORDER_PRODUCTS, pick, PRODUCTS, STOCK } from './catalog-plan';
import { ChaosDatabase } from './database';
import { TcpProxy } from '../test/support/tcp-proxy';
import { call } from './http';
import { waitFor } from '../test/support/wait-for';
import { ProcessLog } from './process-log';
import { RedisServer } from '../test/support/redis-server';
import { ShopFleet } from './shop-fleet';

export const SHOPS = ['shop-a', 'shop-b'] as const;
/** Partitions of every auto-created topic: one per shop, so both consume `orders.created`. */
const PARTITIONS = 2;
const ADMIN_TOKEN = 'chaos-admin-token-0123456789';

/**
 * Everything the scenarios run against, started once: a dedicated Postgres database (seeded), its
 * own Redis, the embedded Kafka broker as a process with a data directory, a fault proxy in front
 * of Postgres (the shops' only way to it), and two shop processes.
 */
export class ChaosEnvironment {
  readonly coldIds = new ColdIds();
  private closers: (() => Promise<unknown>)[] = [];

  private constructor(
    readonly dir: string,
    readonly db: ChaosDatabase,
    readonly redis: RedisServer,
    readonly broker: BrokerProcess,
    readonly proxy: TcpProxy,
    readonly fleet: ShopFleet,
  ) {}

  static async start(dir: string, log: (line: string) => void): Promise<ChaosEnvironment> {
    mkdirSync(dir, { recursive: true });
    const closers: (() => Promise<unknown>)[] = [];
    try {
      const db = await ChaosDatabase.create();
      closers.push(() => db.drop());
      log(`database ${db.name}; seeding ${PRODUCTS} products`);
      await seed(db);
      const redis = await RedisServer.start(track);
      closers.push(() => redis.kill());
      const dataDir = join(dir, 'kafka-data');
      closers.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      const brokerLog = new ProcessLog(join(dir, 'kafka-broker.log'));
      const broker = await BrokerProcess.start(dataDir, PARTITIONS, brokerLog);
      closers.push(async () => {
        await broker.kill();
        await brokerLog.close();
      });
      const proxy = new TcpProxy(db.serverPort);
      const proxyPort = await proxy.start();
      closers.push(() => proxy.stop());
      const fleet = new ShopFleet(
        {
          DATABASE_URL: db.url(proxyPort),
          REDIS_URL: redis.url,
          REDIS_KEY_PREFIX: 'chaos',
          KAFKA_BROKERS: broker.address,
          ADMIN_TOKEN,
          LOG_LEVEL: 'warn',
          SEED_DEMO: 'false',
        },
        dir,
      );
      closers.push(() => fleet.stopAll());
      log(`redis :${redis.port}, kafka ${broker.address}, postgres proxy :${proxyPort}`);
      await Promise.all(SHOPS.map((name) => fleet.start(name)));
      const env = new ChaosEnvironment(dir, db, redis, broker, proxy, fleet);
      env.closers = closers;
      return env;
    } catch (err) {
      await closeAll(closers);
      throw err;
    }
  }

  get adminHeaders(): Record<string, string> {
    return { authorization: `Bearer ${ADMIN_TOKEN}` };
  }

  /** A kafkajs client of the suite's own (publishing scenario messages, reading offsets). */
  kafka(): Kafka {
    return new Kafka({
      clientId: 'chaos',
      brokers: [this.broker.address],
      logLevel: logLevel.NOTHING,
    });
  }

  /**
   * The end-to-end order probe: `POST /orders` on `shop` answers 202 and the order is CONFIRMED
   * with its fulfilment row within `withinMs` (outbox → relay → Kafka → consumer → Postgres).
   */
  async orderConfirmed(shop: string, withinMs: number): Promise<boolean> {
    const res = await call(this.fleet.url(shop, '/orders'), {
      method: 'POST',
      body: { productId: pick(ORDER_PRODUCTS), quantity: 1 },
    });
    const id = (res.body as { id?: unknown } | undefined)?.id;
    if (res.status !== 202 || typeof id !== 'number') return false;
    // A probe that does not confirm in time is a measured outcome here, not an error.
    return waitFor(
      `order ${id} confirmed`,
      async () =>
        // A failed query (Postgres cut by the scenario) is "not yet", as a probe sees it.
        (await this.db
          .count(
            `SELECT count(*) AS n FROM orders o JOIN fulfilment f ON f.order_id = o.id
              WHERE o.id = $1 AND o.status = 'CONFIRMED'`,
            [id],
          )
          .catch(() => 0)) === 1,
      withinMs,
      100,
    ).then(
      () => true,
      () => false,
    );
  }

  /** Brings back any shop that is not running (after a crash), so the next scenario has both. */
  async heal(): Promise<void> {
    for (const name of SHOPS) if (!this.fleet.isAlive(name)) await this.fleet.start(name);
    if (!this.redis.running) await this.redis.restart();
    this.proxy.restore();
  }

  async close(): Promise<void> {
    await closeAll(this.closers);
  }
}

async function closeAll(closers: (() => Promise<unknown>)[]): Promise<void> {
  for (const close of [...closers].reverse()) {
    await close().catch((err: unknown) => process.stderr.write(`cleanup: ${String(err)}\n`));
  }
}

/** `npm run seed` against the new database (it migrates first). */
async function seed(db: ChaosDatabase): Promise<void> {
  const args = ['--products', String(PRODUCTS), '--stock', String(STOCK)];
  const proc = track(runTs('apps/shop/src/seed.ts', args, { DATABASE_URL: db.url() }));
  const { output, exited } = collect(proc);
  const code = await exited;
  if (code !== 0) throw new Error(`seed failed (${code}): ${output()}`);
}
