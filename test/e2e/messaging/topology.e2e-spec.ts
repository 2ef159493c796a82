import { Controller } from '@nestjs/common';
import { EventPattern } from '@nestjs/microservices';
import { connect } from 'amqplib';
import { isTopologyMismatchError, RetryPolicy } from '@bulwark/messaging';
import { startConsumerApp } from './support/consumer-app';
import { createVhost, type TestVhost } from '../../support/rabbitmq-vhost';

@Controller()
class Noop {
  @EventPattern<string>('mail')
  @RetryPolicy({ attempts: 3, backoff: ['1s', '5s'] })
  async handle(): Promise<void> {}
}

describe('Messaging > RabbitMQ > topology', () => {
  let vhost: TestVhost;

  beforeEach(async () => {
    vhost = await createVhost('topology');
  });

  afterEach(async () => {
    await vhost.remove();
  });

  it('should declare exchanges, bindings, retry queues with TTL and the DLQ', async () => {
    const app = await startConsumerApp(
      {
        url: vhost.url,
        topology: {
          exchanges: [{ name: 'notify', type: 'direct' }],
          queues: [
            {
              name: 'mail',
              type: 'classic',
              bindings: [{ exchange: 'notify', routingKey: 'mail' }],
            },
          ],
        },
      },
      [Noop],
    );
    const conn = await connect(vhost.url);
    const ch = await conn.createChannel();
    for (const q of ['mail', 'mail.retry.1', 'mail.retry.2', 'mail.dlq']) {
      await expect(ch.checkQueue(q)).resolves.toMatchObject({ queue: q });
    }
    // Re-declaring with the same arguments is accepted only if the TTLs match the policy.
    await expect(
      ch.assertQueue('mail.retry.2', {
        durable: true,
        arguments: {
          'x-queue-type': 'classic',
          'x-message-ttl': 5000,
          'x-dead-letter-exchange': '',
          'x-dead-letter-routing-key': 'mail',
        },
      }),
    ).resolves.toMatchObject({ queue: 'mail.retry.2' });
    await conn.close();
    await app.close();
  });

  it('should fail start-up with one TopologyMismatchError when a queue exists with other arguments', async () => {
    const conn = await connect(vhost.url);
    const ch = await conn.createChannel();
    await ch.assertQueue('mail', { durable: true, arguments: { 'x-queue-type': 'classic' } });
    await conn.close();
    const error: unknown = await startConsumerApp(
      { url: vhost.url, topology: { queues: [{ name: 'mail', type: 'quorum' }] } },
      [Noop],
    ).catch((e: unknown) => e);
    expect(isTopologyMismatchError(error)).toBe(true);
    expect((error as Error).message).toMatch(/queue 'mail'.*PRECONDITION_FAILED/);
  });
});
