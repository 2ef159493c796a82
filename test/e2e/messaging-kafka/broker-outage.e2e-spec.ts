import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import { startBroker } from './support/kafka';
import { waitFor, sleep } from '../../support/wait-for';
import { startKafkaApp, type KafkaApp } from './support/kafka-app';
import { OrdersConsumer, calls, writeOrders } from './support/orders.consumer';
import { count, createSchema, type TestSchema } from './support/postgres';

describe('Kafka messaging > broker down for 10 s while orders keep arriving', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'bulwark-kafka-outage-'));
  let broker: EmbeddedKafka;
  let db: TestSchema;
  let app: KafkaApp;

  beforeAll(async () => {
    broker = await startBroker({ dataDir, defaultPartitions: 3 });
    db = await createSchema('outage');
    app = await startKafkaApp(
      {
        brokers: broker.brokers,
        groupId: 'shop-outage',
        outbox: { relay: true, pollInterval: '50ms', maxBackoff: '1s' },
      },
      [OrdersConsumer],
      db.dataSource,
    );
  });

  afterAll(async () => {
    await app.close();
    await broker.stop();
    await db.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('should publish and apply every row exactly once after the broker returns', async () => {
    let written = 0;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await writeOrders(db.dataSource, 5, 7, undefined, written);
        written += 5;
        await sleep(100);
      }
    })();

    await waitFor('first effects', async () => (await count(db.dataSource, 'effect')) > 20);
    const port = broker.port;
    await broker.stop();
    const writtenAtStop = written;
    await sleep(10_000);
    // Read before the count: every row it includes was committed before the count began.
    const writtenDuringOutage = written - writtenAtStop;
    const unsentDuringOutage = await count(db.dataSource, 'outbox WHERE sent_at IS NULL');
    broker = await startBroker({ port, dataDir, defaultPartitions: 3 });
    await sleep(2_000);
    writing = false;
    await writer;

    await waitFor(
      `${written} effects`,
      async () => (await count(db.dataSource, 'effect')) >= written,
      60_000,
    );
    await sleep(1_000); // a late duplicate would show up here
    // Relative to what the writer managed (its pace follows the machine's load): every row written
    // while the broker was away waited in the outbox, and there were enough of them to matter.
    expect(writtenDuringOutage).toBeGreaterThan(100);
    expect(unsentDuringOutage).toBeGreaterThanOrEqual(writtenDuringOutage);
    expect(await count(db.dataSource, 'outbox WHERE sent_at IS NULL')).toBe(0);
    expect(await count(db.dataSource, 'effect')).toBe(written);
    expect(await count(db.dataSource, 'inbox')).toBe(written);
    process.stdout.write(
      `outage: ${written} rows, ${unsentDuringOutage} queued during the outage, ` +
        `${calls.handled} handler calls, ${calls.duplicates} duplicates absorbed by the inbox\n`,
    );
  }, 120_000);
});
