import type { Channel, GetMessage } from 'amqplib';
import { MessagingHeaders as H } from '../messaging.headers';
import { jsonDepthExceeds } from '@bulwark/common';
import { DEAD_LETTER_MAX_DEPTH } from '../messaging.constants';
import type { RabbitMqPublisher } from './rabbitmq-publisher';
import type { RabbitMqConnection } from './rabbitmq-connection';
import { dlqName } from './topology';

/** One dead letter as the admin API shows it. */
export interface RabbitMqDeadLetter {
  readonly messageId: string | undefined;
  readonly headers: Readonly<Record<string, unknown>>;
  /** Parsed JSON; or base64 when the body is not JSON or nests deeper than 32 levels. */
  readonly payload: unknown;
  readonly payloadEncoding: 'json' | 'base64';
  readonly redelivered: boolean;
}

/** Outcome of {@link RabbitMqDlqService.replay}. */
export interface RabbitMqReplayResult {
  readonly replayed: number;
  readonly kept: number;
}

/** Retry bookkeeping a replayed message must not inherit (it gets a fresh set of attempts). */
const RESET_HEADERS = [H.retryCount, H.attempts, H.deadLetterReason, 'x-delivery-count'];

/**
 * Reads and replays `<queue>.dlq`. AMQP has no browse, so both operations `basic.get` messages
 * without ack on a private channel; the ones that are not removed are requeued together at the end
 * (`nackAll(requeue)`), which puts them back in their original order, and if this process dies
 * half-way the broker requeues everything unacked when the channel drops, so nothing is lost.
 * Requeuing one by one while reading would hand the same message back to the next `get` forever.
 * @publicApi
 */
export class RabbitMqDlqService {
  constructor(
    private readonly connection: RabbitMqConnection,
    private readonly publisher: RabbitMqPublisher,
  ) {}

  /** Up to `limit` dead letters of a work queue, oldest first, left in the DLQ. */
  async list(queue: string, limit = 100): Promise<RabbitMqDeadLetter[]> {
    return this.withChannel(async (channel) => {
      const items: RabbitMqDeadLetter[] = [];
      while (items.length < limit) {
        const msg = await channel.get(dlqName(queue), { noAck: false });
        if (!msg) break;
        items.push(toDeadLetter(msg));
      }
      channel.nackAll(true);
      return items;
    });
  }

  /**
   * Moves the dead letters with the given message ids (all when `ids` is omitted) back to the work
   * queue with fresh attempts. Each copy is confirmed before its DLQ entry is acked.
   */
  async replay(queue: string, ids?: readonly string[]): Promise<RabbitMqReplayResult> {
    const wanted = ids ? new Set(ids) : undefined;
    return this.withChannel(async (channel) => {
      let replayed = 0;
      let kept = 0;
      for (
        let msg = await channel.get(dlqName(queue), { noAck: false });
        msg;
        msg = await channel.get(dlqName(queue), { noAck: false })
      ) {
        const id = messageIdOf(msg);
        if (wanted && (!id || !wanted.has(id))) {
          kept++;
          continue;
        }
        await this.publisher.publish('', queue, msg.content, {
          messageId: id,
          headers: withoutRetryHeaders(msg),
          contentType: msg.properties.contentType as string | undefined,
        });
        channel.ack(msg);
        replayed++;
      }
      channel.nackAll(true);
      return { replayed, kept };
    });
  }

  private async withChannel<T>(fn: (channel: Channel) => Promise<T>): Promise<T> {
    await this.connection.connect();
    const channel = await this.connection.channelModel.createChannel();
    try {
      return await fn(channel);
    } finally {
      await channel.close().catch(() => undefined);
    }
  }
}

function messageIdOf(msg: GetMessage): string | undefined {
  const headers = (msg.properties.headers ?? {}) as Record<string, unknown>;
  return (
    (msg.properties.messageId as string | undefined) ?? (headers[H.messageId] as string | undefined)
  );
}

function withoutRetryHeaders(msg: GetMessage): Record<string, unknown> {
  const headers = { ...((msg.properties.headers ?? {}) as Record<string, unknown>) };
  for (const name of RESET_HEADERS) delete headers[name];
  delete headers['x-death'];
  return headers;
}

function toDeadLetter(msg: GetMessage): RabbitMqDeadLetter {
  let payload: unknown;
  let payloadEncoding: RabbitMqDeadLetter['payloadEncoding'] = 'json';
  try {
    payload = JSON.parse(msg.content.toString('utf8'));
    if (jsonDepthExceeds(payload, DEAD_LETTER_MAX_DEPTH)) throw new Error('too deep');
  } catch {
    payload = msg.content.toString('base64');
    payloadEncoding = 'base64';
  }
  const headers = (msg.properties.headers ?? {}) as Record<string, unknown>;
  return {
    messageId: messageIdOf(msg),
    headers,
    payload,
    payloadEncoding,
    redelivered: msg.fields.redelivered,
  };
}
