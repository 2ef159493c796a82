import type { Options } from 'amqplib';
import type { PublishError } from '../errors/publish.error';

/** Per-call options of {@link RabbitMqPublisher.publish}. */
export interface RabbitMqPublishOptions {
  /** Deduplication id, sent as the `messageId` property. @default random UUID */
  readonly messageId?: string;
  readonly headers?: Readonly<Record<string, unknown>>;
  /** Reject if no confirm arrives in time (pass the caller's remaining deadline). @default publishTimeout */
  readonly timeoutMs?: number;
  /** Return unroutable messages and reject. @default true */
  readonly mandatory?: boolean;
  /** @default 'application/json' for non-Buffer bodies */
  readonly contentType?: string;
}

/**
 * Frames the channel buffers before `publish()` reports backpressure. amqplib's default (1024
 * frames ≈ 340 messages) makes a window of 500 stall on 'drain' every batch.
 */
export const CHANNEL_HIGH_WATER_MARK = 16_384;

/** @internal One publish between `publish()` and its confirm, nack, return or timeout. */
export interface Pending {
  readonly seq: number;
  readonly exchange: string;
  readonly routingKey: string;
  readonly content: Buffer;
  readonly options: Options.Publish;
  readonly resolve: () => void;
  readonly reject: (error: PublishError) => void;
  timer?: NodeJS.Timeout;
  returned: boolean;
  done: boolean;
}
