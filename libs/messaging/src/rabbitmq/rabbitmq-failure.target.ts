import { Logger } from '@nestjs/common';
import type { ConsumeMessage } from 'amqplib';
import { MessagingHeaders as H } from '../messaging.headers';
import type { FailureTarget } from '../retry/failure-action';
import { deadLetterReason, errorClass, errorMessage } from '../retry/failure-description';
import type { ResolvedRetryPolicy } from '../retry/retry-policy';
import type { RabbitMqPublisher } from './rabbitmq-publisher';
import type { RabbitMqMessageContext } from './rabbitmq-message.context';
import type { RabbitMqMetrics } from './rabbitmq.metrics';
import { dlqName, retryQueueName } from './topology';

/**
 * RabbitMQ side of {@link FailureTarget}: the copy goes to `<queue>.retry.<n>` or `<queue>.dlq`
 * through the confirm publisher and the original is acked only after the broker confirmed the
 * copy, so a crash in between duplicates (inbox dedupes) but never loses.
 */
export class RabbitMqFailureTarget implements FailureTarget {
  private static readonly logger = new Logger('RabbitFailure');
  readonly attempt: number;
  readonly maxAttempts: number;

  constructor(
    private readonly ctx: RabbitMqMessageContext,
    private readonly policy: ResolvedRetryPolicy,
    private readonly publisher: RabbitMqPublisher,
    private readonly metrics?: RabbitMqMetrics,
  ) {
    this.attempt = ctx.getAttempt();
    this.maxAttempts = policy.attempts;
  }

  async scheduleRetry(error: unknown): Promise<void> {
    if (this.attempt > this.policy.delaysMs.length) return this.deadLetter(error);
    const target = retryQueueName(this.ctx.getQueue(), this.attempt);
    await this.copyTo(target, { ...this.failureHeaders(error), [H.retryCount]: this.attempt });
    this.metrics?.retried.inc({ queue: this.ctx.getQueue() });
    return this.ack();
  }

  async deadLetter(error: unknown): Promise<void> {
    const queue = this.ctx.getQueue();
    if (!this.policy.dlq) {
      RabbitMqFailureTarget.logger.warn(
        `Dropping message ${this.ctx.getMessageId()} from ${queue} (dlq: false)`,
      );
      return this.ack();
    }
    await this.copyTo(dlqName(queue), {
      ...this.failureHeaders(error),
      [H.retryCount]: this.attempt,
      [H.attempts]: this.attempt,
      [H.deadLetterReason]: deadLetterReason(error, this.attempt, this.maxAttempts),
    });
    this.metrics?.deadLettered.inc({ queue });
    return this.ack();
  }

  async requeue(): Promise<void> {
    this.ctx.getChannel().nack(this.message, false, true);
  }

  async ack(): Promise<void> {
    try {
      this.ctx.getChannel().ack(this.message);
    } catch {
      // Channel closed after the copy was confirmed: the broker redelivers the original and the
      // consumer's inbox absorbs the duplicate.
    }
  }

  private get message(): ConsumeMessage {
    return this.ctx.getMessage();
  }

  private failureHeaders(error: unknown): Record<string, unknown> {
    const now = new Date().toISOString();
    const headers = this.ctx.getHeaders();
    return {
      [H.firstFailureAt]: headers[H.firstFailureAt] ?? now,
      [H.lastFailureAt]: now,
      [H.errorClass]: errorClass(error),
      [H.errorMessage]: errorMessage(error).slice(0, 1000),
      [H.originalExchange]: this.ctx.getExchange(),
      [H.originalRoutingKey]: this.ctx.getRoutingKey(),
    };
  }

  private copyTo(queue: string, extra: Record<string, unknown>): Promise<void> {
    const { properties, content } = this.message;
    // x-death is the broker's own TTL history of the previous copy; our headers replace it.
    const { 'x-death': _death, ...headers } = (properties.headers ?? {}) as Record<string, unknown>;
    return this.publisher.publish('', queue, content, {
      messageId: this.ctx.getMessageId(),
      headers: { ...headers, ...extra },
      contentType: properties.contentType as string | undefined,
    });
  }
}
