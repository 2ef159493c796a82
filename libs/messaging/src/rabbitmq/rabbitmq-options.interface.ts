import type { Registry } from 'prom-client';
import type { Duration } from '@bulwark/common';
import type { RetryPolicyOptions } from '../retry/retry-policy';

/** A durable exchange declared at start. */
export interface RabbitMqExchangeOptions {
  readonly name: string;
  /** @default 'topic' */
  readonly type?: 'direct' | 'topic' | 'fanout' | 'headers';
}

/** A durable work queue, its bindings and its retry/DLQ family. */
export interface RabbitMqQueueOptions {
  /** Queue name; also the `@EventPattern` of its handler. */
  readonly name: string;
  /** Quorum queues replicate and survive node loss; classic is cheaper. @default 'quorum' */
  readonly type?: 'quorum' | 'classic';
  /** Exchange bindings; omit for a queue fed only through the default exchange. @default [] */
  readonly bindings?: ReadonlyArray<{ readonly exchange: string; readonly routingKey: string }>;
  /** Extra `x-` arguments (e.g. `x-max-length`). @default {} */
  readonly arguments?: Readonly<Record<string, unknown>>;
  /** Unacked messages this consumer may hold: the backpressure knob. @default rabbitmq.prefetch */
  readonly prefetch?: number;
  /** Queue-level retry policy; a handler's `@RetryPolicy` overrides it. @default rabbitmq.retry */
  readonly retry?: RetryPolicyOptions;
  /** Start a consumer for this queue in `RabbitMqServer`. @default true */
  readonly consume?: boolean;
}

/**
 * Options of `RabbitMqMessagingModule.forRoot()` and of {@link RabbitMqServer}.
 * @publicApi
 */
export interface RabbitMqMessagingOptions {
  /**
   * `false` keeps the module imported but the transport off: every RabbitMQ provider resolves to
   * `null` and one log line says so. Lets an app decide from runtime config (e.g. an unset URL)
   * without changing its module graph. @default true
   */
  readonly enabled?: boolean;
  /** `amqp://user:pass@host:5672/vhost`. */
  readonly url: string;
  /** @default { exchanges: [], queues: [] } */
  readonly topology?: {
    readonly exchanges?: readonly RabbitMqExchangeOptions[];
    readonly queues?: readonly RabbitMqQueueOptions[];
  };
  /** Default per-consumer prefetch. @default 50 */
  readonly prefetch?: number;
  /** How long `publish()` waits for the broker's confirm. @default '10s' */
  readonly publishTimeout?: Duration;
  /**
   * How long `startAllMicroservices()` waits for the first connection; after that the consumers
   * start in the background when the broker appears (readiness reports it down meanwhile).
   * @default '5s'
   */
  readonly connectTimeout?: Duration;
  /** @default 10 */
  readonly heartbeatSeconds?: number;
  /** Reconnect backoff bounds (exponential with jitter). @default { min: '100ms', max: '5s' } */
  readonly reconnect?: { readonly min?: Duration; readonly max?: Duration };
  /** Default retry policy of every queue. @default { attempts: 4, backoff: ['1s','10s','60s'], dlq: true } */
  readonly retry?: RetryPolicyOptions;
  /**
   * Registry for the `bulwark_rabbitmq_*` metrics. @default prom-client's global `register`
   * (no metrics when prom-client is not installed)
   */
  readonly registry?: Registry;
}
