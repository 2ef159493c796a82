import { isPublishError } from '../errors/publish.error';
import type { RabbitMqPublisher } from './rabbitmq-publisher';
import { RabbitMqOutboxPublisher } from './rabbitmq-outbox.publisher';

const record = {
  id: 'row-1',
  destination: 'shop',
  key: 'order.confirmed',
  payload: { a: 1 },
  headers: { 'x-message-id': 'row-1' },
};

function fakePublisher(isReady: boolean) {
  const calls: unknown[][] = [];
  const publisher = {
    isReady,
    publish: async (...args: unknown[]) => void calls.push(args),
  } as unknown as RabbitMqPublisher;
  return { publisher, calls };
}

describe('RabbitMqOutboxPublisher', () => {
  describe('send', () => {
    it('should publish the row to its exchange and routing key with the row id as message id', async () => {
      const { publisher, calls } = fakePublisher(true);
      await new RabbitMqOutboxPublisher(publisher).send(record);
      expect(calls).toEqual([
        ['shop', 'order.confirmed', { a: 1 }, { messageId: 'row-1', headers: record.headers }],
      ]);
    });

    it('should fail fast while disconnected so the relay backs off without holding row locks', async () => {
      const { publisher, calls } = fakePublisher(false);
      const error = await new RabbitMqOutboxPublisher(publisher)
        .send(record)
        .catch((e: unknown) => e);
      expect(isPublishError(error)).toBe(true);
      expect(calls).toEqual([]);
    });
  });
});
