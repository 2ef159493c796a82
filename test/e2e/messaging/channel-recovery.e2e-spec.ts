import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import type { RabbitMqMessageContext } from '@bulwark/messaging/rabbitmq';
import { type ConsumerApp, startConsumerApp } from './support/consumer-app';
import { waitFor } from '../../support/wait-for';
import { createVhost, type TestVhost } from '../../support/rabbitmq-vhost';

const handled: number[] = [];

@Controller()
class MisbehavingConsumer {
  @EventPattern<string>('jobs')
  handle(@Payload() body: { n: number }, @Ctx() ctx: RabbitMqMessageContext): void {
    handled.push(body.n);
    // Acking by hand makes the server's own ack a double ack: the broker closes the channel
    // with 406 PRECONDITION_FAILED, as any channel-level error would.
    if (body.n === 0) ctx.getChannel().ack(ctx.getMessage());
  }
}

describe('Messaging > RabbitMQ > consumer channel closed by the broker', () => {
  let vhost: TestVhost;
  let consumer: ConsumerApp;

  beforeAll(async () => {
    vhost = await createVhost('chan');
    consumer = await startConsumerApp(
      { url: vhost.url, topology: { queues: [{ name: 'jobs', type: 'classic', prefetch: 1 }] } },
      [MisbehavingConsumer],
    );
  });

  afterAll(async () => {
    await consumer.close();
    await vhost.remove();
  });

  it('should reopen the consumer channel and keep consuming on the same connection', async () => {
    await consumer.publisher.publish('', 'jobs', { n: 0 });
    await waitFor('first message', () => handled.includes(0), 10_000);
    for (let n = 1; n <= 20; n++) await consumer.publisher.publish('', 'jobs', { n });
    await waitFor(
      'later messages',
      () => [...Array(20).keys()].every((i) => handled.includes(i + 1)),
      10_000,
    );
    expect(new Set(handled).size).toBe(21);
  });
});
