import type { KafkaMessage, Producer, ProducerRecord } from 'kafkajs';
import { MessagingHeaders as H } from '../messaging.headers';
import { resolveRetryPolicy } from '../retry/retry-policy';
import { KafkaMessagingHeaders as KH } from './kafka.constants';
import { KafkaMessageContext } from './kafka-message.context';
import { KafkaFailureTarget } from './kafka-failure.target';

const NOW = Date.parse('2026-01-01T00:00:00Z');

function setup(topic: string, headers: Record<string, string> = {}) {
  const sent: ProducerRecord[] = [];
  const producer = { send: async (r: ProducerRecord) => void sent.push(r) } as unknown as Producer;
  const message = {
    key: Buffer.from('k1'),
    value: Buffer.from('{}'),
    offset: '7',
    headers,
  } as unknown as KafkaMessage;
  const noop = async () => undefined;
  const ctx = new KafkaMessageContext([
    message,
    2,
    topic,
    {} as never,
    noop,
    producer,
    'orders',
    3,
  ]);
  const policy = resolveRetryPolicy({ attempts: 3, backoff: ['200ms', '400ms'] });
  return { sent, router: new KafkaFailureTarget(ctx, policy, producer, () => NOW) };
}

describe('KafkaFailureTarget', () => {
  it('should copy a first failure to retry stage 1 with its due time and origin', async () => {
    const { sent, router } = setup('orders');
    await router.scheduleRetry(new TypeError('nope'));
    expect(sent[0].topic).toBe('orders.retry.1');
    expect(sent[0].messages[0].headers).toMatchObject({
      [H.messageId]: 'orders:2:7',
      [H.retryCount]: '1',
      [KH.retryDueAt]: String(NOW + 200),
      [KH.originalPartition]: '2',
      [KH.originalOffset]: '7',
      [KH.originalKey]: 'k1',
      [H.errorClass]: 'TypeError',
    });
  });

  it('should dead-letter the last attempt keeping the first failure time and original position', async () => {
    const first = '2025-12-31T23:59:59.000Z';
    const { sent, router } = setup('orders.retry.2', {
      [H.retryCount]: '2',
      [H.firstFailureAt]: first,
      [KH.originalPartition]: '0',
      [KH.originalOffset]: '3',
    });
    expect(router.attempt).toBe(3);
    await router.scheduleRetry(new Error('still no'));
    expect(sent[0].topic).toBe('orders.dlq');
    expect(sent[0].messages[0].headers).toMatchObject({
      [H.attempts]: '3',
      [H.firstFailureAt]: first,
      [H.lastFailureAt]: new Date(NOW).toISOString(),
      [KH.originalPartition]: '0',
      [KH.originalOffset]: '3',
      [H.deadLetterReason]: 'exhausted',
    });
  });
});
