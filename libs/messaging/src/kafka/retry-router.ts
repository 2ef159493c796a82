import { Logger } from '@nestjs/common';
import type { IHeaders, Producer } from 'kafkajs';
import { MessagingHeaders as H } from '../messaging.headers';
import type { FailureTarget } from '../retry/failure-action';
import { deadLetterReason, errorClass, errorMessage } from '../retry/failure-description';
import type { ResolvedRetryPolicy } from '../retry/retry-policy';
import { KafkaMessagingHeaders as KH } from './kafka.constants';
import type { KafkaMessageContext } from './kafka-message.context';
import { dlqTopicName, retryTopicName } from './retry-topics';

/**
 * Kafka side of the core {@link FailureTarget}: a failed message is copied (same key, value and
 * headers plus the failure history) to `<topic>.retry.<n>` or `<topic>.dlq` with `acks: -1`, and
 * only then does the caller move the offset on. So the main partition never blocks on a poison
 * message, and a crash between copy and commit duplicates (the inbox dedupes) but never loses.
 */
export class KafkaRetryRouter implements FailureTarget {
  private static readonly logger = new Logger('KafkaRetryRouter');
  readonly attempt: number;
  readonly maxAttempts: number;

  constructor(
    private readonly ctx: KafkaMessageContext,
    private readonly policy: ResolvedRetryPolicy,
    private readonly producer: Producer,
    private readonly now: () => number = Date.now,
    /** Called once a dead letter is safely in `<topic>.dlq` (metrics). */
    private readonly onDeadLettered: (topic: string) => void = () => undefined,
  ) {
    this.attempt = ctx.getAttempt();
    this.maxAttempts = policy.attempts;
  }

  async scheduleRetry(error: unknown): Promise<void> {
    if (this.attempt > this.policy.delaysMs.length) return this.deadLetter(error);
    const dueAt = this.now() + this.policy.delaysMs[this.attempt - 1];
    await this.copyTo(retryTopicName(this.ctx.getOriginalTopic(), this.attempt), {
      ...this.failureHeaders(error),
      [H.retryCount]: String(this.attempt),
      [KH.retryDueAt]: String(dueAt),
    });
  }

  async deadLetter(error: unknown): Promise<void> {
    const topic = this.ctx.getOriginalTopic();
    if (!this.policy.dlq) {
      KafkaRetryRouter.logger.warn(`Dropping ${this.ctx.getMessageId()} of ${topic} (dlq: false)`);
      return;
    }
    await this.copyTo(dlqTopicName(topic), {
      ...this.failureHeaders(error),
      [H.retryCount]: String(this.attempt),
      [H.attempts]: String(this.attempt),
      [H.deadLetterReason]: deadLetterReason(error, this.attempt, this.maxAttempts),
    });
    this.onDeadLettered(topic);
  }

  /** Kafka cannot hand a record back: the copy goes to the end of the same topic instead. */
  async requeue(error: unknown): Promise<void> {
    await this.copyTo(this.ctx.getTopic(), this.failureHeaders(error));
  }

  /** Nothing to do: the caller commits the offset. */
  async ack(): Promise<void> {}

  /** The first-consumed position is kept across copies, so a dead letter points at the original. */
  private failureHeaders(error: unknown): Record<string, string> {
    const ctx = this.ctx;
    const now = new Date(this.now()).toISOString();
    return {
      [H.messageId]: ctx.getMessageId(),
      [KH.originalTopic]: ctx.getOriginalTopic(),
      [KH.originalPartition]: ctx.header(KH.originalPartition) ?? String(ctx.getPartition()),
      [KH.originalOffset]: ctx.header(KH.originalOffset) ?? ctx.getMessage().offset,
      [KH.originalKey]: ctx.header(KH.originalKey) ?? ctx.getKey() ?? '',
      [H.firstFailureAt]: ctx.header(H.firstFailureAt) ?? now,
      [H.lastFailureAt]: now,
      [H.errorClass]: errorClass(error),
      [H.errorMessage]: errorMessage(error).slice(0, 1000),
    };
  }

  private async copyTo(topic: string, extra: Record<string, string>): Promise<void> {
    const message = this.ctx.getMessage();
    const headers: IHeaders = { ...this.ctx.getHeaders(), ...extra };
    await this.producer.send({
      topic,
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
  }
}
