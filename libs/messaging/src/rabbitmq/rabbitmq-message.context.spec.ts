import type { Channel, ConsumeMessage } from 'amqplib';
import { RabbitMqMessageContext } from './rabbitmq-message.context';

function delivery(headers: Record<string, unknown>, messageId?: string): ConsumeMessage {
  return {
    content: Buffer.from('{}'),
    fields: {
      exchange: 'retry-hop',
      routingKey: 'orders',
      deliveryTag: 1,
      redelivered: false,
      consumerTag: 'c',
    },
    properties: { headers, messageId },
  } as unknown as ConsumeMessage;
}

describe('RabbitMqMessageContext', () => {
  const channel = {} as Channel;

  it('should report attempt 1 and the delivery routing for a first delivery', () => {
    const ctx = new RabbitMqMessageContext([delivery({}, 'm-1'), channel, 'orders', 4]);
    expect([ctx.getAttempt(), ctx.getMaxAttempts(), ctx.getMessageId(), ctx.getQueue()]).toEqual([
      1,
      4,
      'm-1',
      'orders',
    ]);
    expect([ctx.getExchange(), ctx.getRoutingKey(), ctx.getDeadline()]).toEqual([
      'retry-hop',
      'orders',
      undefined,
    ]);
  });

  it('should read attempt, original routing and deadline from retry headers', () => {
    const ctx = new RabbitMqMessageContext([
      delivery({
        'x-retry-count': 2,
        'x-original-exchange': 'shop',
        'x-original-routing-key': 'order.paid',
        'x-deadline': 1_700_000_000_000,
        'x-message-id': 'h-1',
      }),
      channel,
      'orders',
      4,
    ]);
    expect([ctx.getAttempt(), ctx.getExchange(), ctx.getRoutingKey(), ctx.getMessageId()]).toEqual([
      3,
      'shop',
      'order.paid',
      'h-1',
    ]);
    expect(ctx.getDeadline()).toEqual(new Date(1_700_000_000_000));
  });
});
