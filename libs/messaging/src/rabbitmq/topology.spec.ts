import { resolveRabbitMqOptions } from './rabbitmq-options';
import { resolveRetryPolicy } from '../retry/retry-policy';
import { dlqName, queueFamily, retryQueueName } from './topology';

describe('topology names', () => {
  it('should name retry stages and the DLQ after the work queue', () => {
    expect([retryQueueName('notifications', 2), dlqName('notifications')]).toEqual([
      'notifications.retry.2',
      'notifications.dlq',
    ]);
  });

  it('should list a work queue family from its policy', () => {
    const { topology } = resolveRabbitMqOptions({
      url: 'amqp://x',
      topology: { queues: [{ name: 'q', retry: { attempts: 3 } }] },
    });
    expect(queueFamily(topology.queues[0])).toEqual(['q', 'q.retry.1', 'q.retry.2', 'q.dlq']);
    expect(
      queueFamily(topology.queues[0], resolveRetryPolicy({ attempts: 1, dlq: false })),
    ).toEqual(['q']);
  });
});
