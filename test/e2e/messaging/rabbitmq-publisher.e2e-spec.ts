import { isPublishError, PublishError } from '@bulwark/messaging';
import { connectPublisher, counter } from './support/rabbit';
import { TcpProxy } from '../../support/tcp-proxy';
import { createVhost, type TestVhost } from '../../support/rabbitmq-vhost';

describe('Messaging > RabbitMQ > RabbitMqPublisher', () => {
  let vhost: TestVhost;
  let rabbit: Awaited<ReturnType<typeof connectPublisher>>;

  beforeAll(async () => {
    vhost = await createVhost('confirm');
    rabbit = await connectPublisher({
      url: vhost.url,
      publishTimeout: '5s',
      topology: {
        exchanges: [{ name: 'events', type: 'topic' }],
        queues: [
          {
            name: 'work',
            type: 'classic',
            bindings: [{ exchange: 'events', routingKey: 'work.#' }],
          },
          {
            name: 'tiny',
            type: 'classic',
            bindings: [{ exchange: 'events', routingKey: 'tiny' }],
            arguments: { 'x-max-length': 1, 'x-overflow': 'reject-publish' },
          },
        ],
      },
    });
    const { assertTopology } = await import('@bulwark/messaging/rabbitmq');
    await assertTopology(rabbit.connection.channelModel, rabbit.resolved.topology);
  });

  afterAll(async () => {
    await rabbit.close();
    await vhost.remove();
  });

  it('should resolve only after the broker confirmed a persistent message with an id', async () => {
    await rabbit.publisher.publish('events', 'work.a', { n: 1 }, { messageId: 'm-1' });
    const channel = await rabbit.connection.channelModel.createChannel();
    const msg = await channel.get('work', { noAck: true });
    await channel.close();
    expect(msg && msg.properties.deliveryMode).toBe(2);
    expect(msg && msg.properties.messageId).toBe('m-1');
    expect(await counter(rabbit.registry, 'confirmed_total')).toBeGreaterThanOrEqual(1);
  });

  it('should reject an unroutable message as returned (mandatory)', async () => {
    const error = await rabbit.publisher
      .publish('events', 'nobody.listens', { n: 2 })
      .catch((e) => e);
    expect(isPublishError(error)).toBe(true);
    expect((error as PublishError).reason).toBe('returned');
    expect(await counter(rabbit.registry, 'returned_total')).toBe(1);
  });

  it('should reject with nacked when the queue refuses (x-overflow reject-publish)', async () => {
    await rabbit.publisher.publish('events', 'tiny', { n: 1 });
    const results = await Promise.allSettled(
      [1, 2, 3].map((n) => rabbit.publisher.publish('events', 'tiny', { n })),
    );
    const reasons = results.map((r) =>
      r.status === 'rejected' ? (r.reason as PublishError).reason : 'ok',
    );
    expect(reasons).toEqual(['nacked', 'nacked', 'nacked']);
    expect(await counter(rabbit.registry, 'nacked_total')).toBe(3);
  });

  it('should reject an unknown exchange with channel-error and keep publishing afterwards', async () => {
    const error = await rabbit.publisher.publish('no-such-exchange', 'x', {}).catch((e) => e);
    expect((error as PublishError).reason).toBe('channel-error');
    await expect(
      rabbit.publisher.publish('events', 'work.after', { ok: true }),
    ).resolves.toBeUndefined();
  });

  it('should reject with timeout when the broker is unreachable for longer than timeoutMs', async () => {
    const proxy = new TcpProxy(5672);
    const port = await proxy.start();
    const cut = await connectPublisher({
      url: vhost.urlVia(port),
      reconnect: { min: '50ms', max: '200ms' },
    });
    const outage = proxy.cut(1_500);
    const started = Date.now();
    const error = await cut.publisher
      .publish('events', 'work.t', {}, { timeoutMs: 300 })
      .catch((e) => e);
    const waited = Date.now() - started;
    await outage;
    await cut.close();
    await proxy.stop();
    expect((error as PublishError).reason).toBe('timeout');
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(1_500);
  });

  it('should pipeline many publishes and confirm each one', async () => {
    const ids = Array.from({ length: 2000 }, (_, i) => `p-${i}`);
    await Promise.all(
      ids.map((id) => rabbit.publisher.publish('events', 'work.bulk', { id }, { messageId: id })),
    );
    expect(rabbit.publisher.inFlight).toBe(0);
    const channel = await rabbit.connection.channelModel.createChannel();
    const { messageCount } = await channel.checkQueue('work');
    await channel.close();
    expect(messageCount).toBeGreaterThanOrEqual(2000);
  });
});
