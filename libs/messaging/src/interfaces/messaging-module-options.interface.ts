import type { Registry } from 'prom-client';
import type { Duration } from '@bulwark/common';
import type { DataSource } from 'typeorm';

/** Transactional outbox relay options. */
export interface OutboxOptions {
  /** Run the relay in this process (needs the `dataSource` option). @default false */
  readonly relay?: boolean;
  /** Rows claimed per pass. @default 200 */
  readonly batchSize?: number;
  /** Idle wait between passes; also the backoff base. @default '200ms' */
  readonly pollInterval?: Duration;
  /** Longest wait while the broker keeps failing. @default '10s' */
  readonly maxBackoff?: Duration;
  /** How long sent rows are kept before pruning. @default '7d' */
  readonly retention?: Duration;
  /** @default '1m' */
  readonly pruneInterval?: Duration;
  /**
   * How often `MessagingModule` refreshes the `bulwark_outbox_*` backlog gauges (one grouped count
   * over the unsent rows); `false` turns them off. @default '5s'
   */
  readonly backlogInterval?: Duration | false;
}

/**
 * Options of `MessagingModule.forRoot()`: the transport-neutral core. Transports are separate
 * modules (`KafkaMessagingModule`, `RabbitMqMessagingModule`) that register their outbox
 * publisher with this module's one relay.
 * @publicApi
 */
export interface MessagingModuleOptions {
  /**
   * The app's TypeORM `DataSource` holding the outbox table; the relay and the backlog gauges read
   * it. Passed explicitly (use `forRootAsync({ inject: [DataSource] })`) rather than looked up in
   * the container, so an app need not provide it under the `DataSource` class token.
   * Required when `outbox.relay` is true.
   */
  readonly dataSource?: DataSource;
  /** @default { relay: false } */
  readonly outbox?: OutboxOptions;
  /**
   * Registry for the `bulwark_outbox_*` gauges. @default prom-client's global `register`
   * (no metrics when prom-client is not installed)
   */
  readonly registry?: Registry;
}
