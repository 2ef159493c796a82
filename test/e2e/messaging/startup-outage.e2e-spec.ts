import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { assertTopology, RabbitMqHealthIndicator } from '@bulwark/messaging/rabbitmq';
import { type ConsumerApp, startConsumerApp } from './support/consumer-app';
import { connectPublisher } from './support/rabbit';
import { waitFor } from '../../support/wait-for';
import { TcpProxy } from '../../support/tcp-proxy';
import { createVhost, type TestVhost } from '../../support/rabbitmq-vhost';

const seen: number[] = [];

@Controller()
class LateConsumer {
  @EventPattern<string>('late')
  handle(@Payload() body: { n: number }): void {
    seen.push(body.n);
  }
}

describe('Messaging > RabbitMQ > broker unreachable at start', () => {
  let vhost: TestVhost;
  let proxy: TcpProxy;
  let consumer: ConsumerApp | undefined;

  beforeAll(async () => {
    vhost = await createVhost('late');
    proxy = new TcpProxy(5672);
  });

  afterAll(async () => {
    await consumer?.close();
    await proxy.stop();
    await vhost.remove();
  });

  it('should start without the broker, report not ready, and consume once it is reachable', async () => {
    const port = await proxy.start();
    const outage = proxy.cut(1_500);
    const topology = { queues: [{ name: 'late', type: 'classic' as const }] };
    const started = Date.now();
    consumer = await startConsumerApp(
      {
        url: vhost.urlVia(port),
        connectTimeout: '200ms',
        reconnect: { min: '50ms', max: '200ms' },
        topology,
      },
      [LateConsumer],
    );
    const startMs = Date.now() - started;
    const health = consumer.app.get(RabbitMqHealthIndicator);
    const during = await health.pingCheck('rabbitmq');
    const direct = await connectPublisher({ url: vhost.url, topology });
    await assertTopology(direct.connection.channelModel, direct.resolved.topology);
    for (let n = 0; n < 10; n++) await direct.publisher.publish('', 'late', { n });
    await outage;
    await waitFor('consumption after the outage', () => seen.length === 10, 15_000);
    await direct.close();
    const after = await health.pingCheck('rabbitmq');
    expect(during).toEqual({ rabbitmq: { status: 'down', message: 'RabbitMQ is not connected' } });
    expect(after).toEqual({ rabbitmq: { status: 'up' } });
    expect(startMs).toBeLessThan(1_500);
    expect(seen.sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
  });
});
