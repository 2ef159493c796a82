import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ConsumerApp, startConsumerApp } from './support/consumer-app';
import { connectPublisher } from './support/rabbit';
import { waitFor } from '../../support/wait-for';
import { createVhost, type TestVhost } from '../../support/rabbitmq-vhost';

const started: number[] = [];
const finished: number[] = [];

@Controller()
class SlowConsumer {
  @EventPattern<string>('jobs')
  async handle(@Payload() body: { n: number }): Promise<void> {
    started.push(body.n);
    await sleep(400);
    finished.push(body.n);
  }
}

const PREFETCH = 10;
const MESSAGES = 25;

describe('Messaging > RabbitMQ > consumer close during work', () => {
  let vhost: TestVhost;
  let consumer: ConsumerApp;

  beforeAll(async () => {
    vhost = await createVhost('close');
    consumer = await startConsumerApp(
      {
        url: vhost.url,
        topology: { queues: [{ name: 'jobs', type: 'classic', prefetch: PREFETCH }] },
      },
      [SlowConsumer],
    );
  });
  afterAll(() => vhost.remove());

  it('stops taking deliveries, lets the running handlers finish and acks them before closing', async () => {
    for (let n = 0; n < MESSAGES; n++) await consumer.publisher.publish('', 'jobs', { n });
    await waitFor('a full prefetch window in flight', () => started.length === PREFETCH, 10_000);
    await consumer.close();

    // Everything that started finished, nothing started after close, and what was handled was
    // acked: only the never-delivered messages are left in the queue.
    expect(finished.sort((a, b) => a - b)).toEqual(started.sort((a, b) => a - b));
    expect(started.length).toBe(PREFETCH);
    const audit = await connectPublisher({ url: vhost.url });
    try {
      const channel = await audit.connection.channelModel.createChannel();
      const { messageCount } = await channel.checkQueue('jobs');
      await channel.close();
      expect(messageCount).toBe(MESSAGES - PREFETCH);
    } finally {
      await audit.close();
    }
  });
});
