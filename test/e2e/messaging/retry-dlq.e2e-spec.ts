import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload, Transport } from '@nestjs/microservices';
import { MessagingHeaders as H, RetryPolicy, RetriableMessageError } from '@bulwark/messaging';
import { RabbitMqMessageContext } from '@bulwark/messaging/rabbitmq';
import { counter } from './support/rabbit';
import { waitFor } from '../../support/wait-for';
import { type ConsumerApp, startConsumerApp } from './support/consumer-app';
import { createVhost, type TestVhost } from '../../support/rabbitmq-vhost';

const BACKOFF_MS = [200, 400, 800];
const seen: Array<{ id: string; attempt: number; at: number }> = [];
const done: string[] = [];

@Controller()
class FlakyConsumer {
  @EventPattern<string>('orders', Transport.RMQ)
  @RetryPolicy({ attempts: 4, backoff: ['200ms', '400ms', '800ms'], dlq: true })
  async handle(
    @Payload() body: { id: string; failTimes: number },
    @Ctx() ctx: RabbitMqMessageContext,
  ) {
    seen.push({ id: body.id, attempt: ctx.getAttempt(), at: Date.now() });
    if (ctx.getAttempt() <= body.failTimes) {
      throw new RetriableMessageError(`boom ${body.id} #${ctx.getAttempt()}`);
    }
    done.push(body.id);
  }
}

describe('Messaging > RabbitMQ > retry queues and DLQ', () => {
  let vhost: TestVhost;
  let consumer: ConsumerApp;

  beforeAll(async () => {
    vhost = await createVhost('retry');
    consumer = await startConsumerApp(
      {
        url: vhost.url,
        topology: {
          exchanges: [{ name: 'shop', type: 'topic' }],
          queues: [{ name: 'orders', bindings: [{ exchange: 'shop', routingKey: 'order.*' }] }],
        },
      },
      [FlakyConsumer],
    );
  });

  afterAll(async () => {
    await consumer.close();
    await vhost.remove();
  });

  it('should wait at least each retry queue TTL between attempts, then succeed', async () => {
    await consumer.publisher.publish('shop', 'order.created', { id: 'slow', failTimes: 3 });
    await waitFor('slow to succeed', () => done.includes('slow'), 15_000);
    const attempts = seen.filter((s) => s.id === 'slow');
    expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3, 4]);
    const gaps = attempts.slice(1).map((a, i) => a.at - attempts[i].at);
    gaps.forEach((gap, i) => expect(gap).toBeGreaterThanOrEqual(BACKOFF_MS[i]));
    expect(await counter(consumer.registry, 'retried_total')).toBe(3);
  });

  it('should dead-letter after the last attempt with the failure history in headers', async () => {
    const before = Date.now();
    await consumer.publisher.publish(
      'shop',
      'order.paid',
      { id: 'doomed', failTimes: 99 },
      { messageId: 'doomed-1' },
    );
    await waitFor(
      'DLQ',
      async () => (await counter(consumer.registry, 'dead_lettered_total')) === 1,
      15_000,
    );
    const [letter] = await consumer.dlq.list('orders', 10);
    expect(letter.messageId).toBe('doomed-1');
    expect(letter.payload).toEqual({ id: 'doomed', failTimes: 99 });
    expect(letter.payloadEncoding).toBe('json');
    expect(letter.headers).toMatchObject({
      [H.originalExchange]: 'shop',
      [H.originalRoutingKey]: 'order.paid',
      [H.attempts]: 4,
      [H.errorClass]: 'RetriableMessageError',
      [H.errorMessage]: 'boom doomed #4',
      [H.deadLetterReason]: 'exhausted',
    });
    const first = Date.parse(String(letter.headers[H.firstFailureAt]));
    const last = Date.parse(String(letter.headers[H.lastFailureAt]));
    expect(first).toBeGreaterThanOrEqual(before - 5);
    expect(last - first).toBeGreaterThanOrEqual(200 + 400 + 800);
    expect(seen.filter((s) => s.id === 'doomed')).toHaveLength(4);
  });

  it('should send an undecodable message straight to the DLQ without calling the handler', async () => {
    const calls = seen.length;
    await consumer.publisher.publish('shop', 'order.bad', Buffer.from('{not json'), {
      messageId: 'bad-1',
    });
    await waitFor('the poison message dead-lettered', async () =>
      (await consumer.dlq.list('orders', 10)).some((l) => l.messageId === 'bad-1'),
    );
    const letter = (await consumer.dlq.list('orders', 10)).find((l) => l.messageId === 'bad-1')!;
    expect(letter.headers[H.deadLetterReason]).toBe('poison');
    expect(letter.payloadEncoding).toBe('base64');
    expect(Buffer.from(letter.payload as string, 'base64').toString()).toBe('{not json');
    expect(letter.headers[H.errorClass]).toBe('PoisonMessageError');
    expect(letter.headers[H.attempts]).toBe(1);
    expect(seen.length).toBe(calls);
  });

  it('should list without removing and replay only the selected dead letters', async () => {
    expect((await consumer.dlq.list('orders', 10)).map((l) => l.messageId)).toEqual([
      'doomed-1',
      'bad-1',
    ]);
    expect((await consumer.dlq.list('orders', 10)).map((l) => l.messageId)).toEqual([
      'doomed-1',
      'bad-1',
    ]);
    const result = await consumer.dlq.replay('orders', ['doomed-1']);
    expect(result).toEqual({ replayed: 1, kept: 1 });
    // Replayed with fresh attempts: it fails four more times and lands in the DLQ again.
    await waitFor(
      'replayed attempts',
      () => seen.filter((s) => s.id === 'doomed').length === 8,
      15_000,
    );
    expect(
      seen
        .filter((s) => s.id === 'doomed')
        .slice(4)
        .map((s) => s.attempt),
    ).toEqual([1, 2, 3, 4]);
    await waitFor(
      'two dead letters',
      async () => (await consumer.dlq.list('orders', 10)).length === 2,
    );
    expect((await consumer.dlq.list('orders', 10)).map((l) => l.messageId)).toEqual([
      'bad-1',
      'doomed-1',
    ]);
  });
});
