import { BaseRpcContext } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import { MessagingHeaders as H } from '../messaging.headers';

/** Arguments behind {@link RabbitMqMessageContext}. */
export type RabbitMqMessageContextArgs = [
  message: ConsumeMessage,
  channel: Channel,
  queue: string,
  maxAttempts: number,
];

/**
 * What a RabbitMQ handler knows about the delivery; inject with `@Ctx()`. Do not ack through the
 * channel: the server acks after the handler resolves and routes failures by the retry policy.
 * @publicApi
 */
export class RabbitMqMessageContext extends BaseRpcContext<RabbitMqMessageContextArgs> {
  /** The raw amqplib delivery. */
  getMessage(): ConsumeMessage {
    return this.args[0];
  }

  /** The channel the delivery arrived on. */
  getChannel(): Channel {
    return this.args[1];
  }

  /** The work queue being consumed (the handler's pattern). */
  getQueue(): string {
    return this.args[2];
  }

  /** Deduplication id: the `messageId` property, else the `x-message-id` header. */
  getMessageId(): string | undefined {
    const m = this.args[0];
    return (m.properties.messageId as string | undefined) ?? this.header(H.messageId);
  }

  /** 1-based attempt number of this delivery. */
  getAttempt(): number {
    return Number(this.getHeaders()[H.retryCount] ?? 0) + 1;
  }

  /** Total attempts the retry policy allows. */
  getMaxAttempts(): number {
    return this.args[3];
  }

  /** Exchange the message was first published to (kept across retries). */
  getExchange(): string {
    return this.header(H.originalExchange) ?? this.args[0].fields.exchange;
  }

  /** Routing key the message was first published with (kept across retries). */
  getRoutingKey(): string {
    return this.header(H.originalRoutingKey) ?? this.args[0].fields.routingKey;
  }

  /** Producer's deadline from `x-deadline` (epoch ms), if it set one. */
  getDeadline(): Date | undefined {
    const raw = this.getHeaders()[H.deadline];
    return raw === undefined ? undefined : new Date(Number(raw));
  }

  /** All AMQP headers. */
  getHeaders(): Readonly<Record<string, unknown>> {
    return (this.args[0].properties.headers ?? {}) as Record<string, unknown>;
  }

  private header(name: string): string | undefined {
    const value = this.getHeaders()[name];
    return value === undefined ? undefined : String(value);
  }
}
