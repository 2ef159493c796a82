import { query } from '../../support/postgres';
import { startTestShop, TestShop } from '../../support/shop-app';
import { waitFor } from '../../support/wait-for';

/** `name{transport="…"}` from the Prometheus text, or undefined when the series is absent. */
function sample(text: string, name: string, transport: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{transport="${transport}"} `));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

describe('Outbox backlog gauges on /metrics', () => {
  let shop: TestShop;
  const metrics = async () => (await shop.http().get('/metrics').expect(200)).text;
  const unsent = async (t: string) => sample(await metrics(), 'bulwark_outbox_unsent_messages', t);
  const oldest = async (t: string) =>
    sample(await metrics(), 'bulwark_outbox_oldest_unsent_age_seconds', t);

  beforeAll(async () => {
    // No RABBITMQ_URL: the RabbitMQ relay is off, so rows for it stay unsent, as they would
    // while the broker is unreachable.
    shop = await startTestShop({ RABBITMQ_URL: undefined });
  });
  afterAll(() => shop.close());

  it('counts unsent rows per transport and the age of the oldest, then drops to 0 once sent', async () => {
    await query(
      `INSERT INTO "${shop.schema}".outbox (id, transport, destination, key, payload, created_at)
       SELECT gen_random_uuid(), 'rabbitmq', 'notifications', 'order.confirmed', '{}'::jsonb,
              clock_timestamp() - make_interval(secs => s)
         FROM unnest(ARRAY[120, 30, 0]) AS s`,
    );
    await waitFor('3 unsent rabbitmq rows', async () => (await unsent('rabbitmq')) === 3);
    // The oldest row was written 120 s in the past, by the database's clock.
    expect(await oldest('rabbitmq')).toBeGreaterThanOrEqual(120);
    // Kafka rows are relayed (embedded broker): its series is there, with nothing waiting.
    expect(await unsent('kafka')).toBe(0);
    expect(await oldest('kafka')).toBe(0);

    await query(
      `UPDATE "${shop.schema}".outbox SET sent_at = clock_timestamp() WHERE transport = 'rabbitmq'`,
    );
    await waitFor('no unsent rabbitmq row', async () => (await unsent('rabbitmq')) === 0);
    expect(await oldest('rabbitmq')).toBe(0);
  });

  it('describes both gauges with HELP and TYPE lines', async () => {
    const text = await metrics();
    expect(text).toContain('# TYPE bulwark_outbox_unsent_messages gauge');
    expect(text).toContain('# TYPE bulwark_outbox_oldest_unsent_age_seconds gauge');
  });
});
