import { metricsRegistry, toMs } from '@bulwark/common';
import type {
  MessagingModuleOptions,
  OutboxOptions,
} from './interfaces/messaging-module-options.interface';
import * as d from './messaging.constants';

/** Options with every default filled; internal code reads only this. */
export type ResolvedMessagingOptions = ReturnType<typeof resolveMessagingOptions>;

/** Fills every default once and validates durations, so a bad value fails at start. */
export function resolveMessagingOptions(options: MessagingModuleOptions) {
  const outbox = resolveOutboxOptions(options.outbox);
  if (outbox.relay && !options.dataSource) {
    throw new Error(
      'MessagingModule: `outbox.relay` needs the `dataSource` option (the TypeORM DataSource holding the outbox table)',
    );
  }
  return Object.freeze({
    dataSource: options.dataSource,
    registry: metricsRegistry(options.registry),
    outbox,
  });
}

/** Outbox relay settings with defaults; one resolution for every transport's relay. */
export function resolveOutboxOptions(outbox: OutboxOptions = {}) {
  return Object.freeze({
    relay: outbox.relay ?? false,
    batchSize: outbox.batchSize ?? d.OUTBOX_DEFAULT_BATCH_SIZE,
    pollIntervalMs: toMs(outbox.pollInterval ?? d.OUTBOX_DEFAULT_POLL_INTERVAL),
    maxBackoffMs: toMs(outbox.maxBackoff ?? d.OUTBOX_DEFAULT_MAX_BACKOFF),
    retentionMs: toMs(outbox.retention ?? d.OUTBOX_DEFAULT_RETENTION),
    pruneIntervalMs: toMs(outbox.pruneInterval ?? d.OUTBOX_DEFAULT_PRUNE_INTERVAL),
    backlogIntervalMs:
      outbox.backlogInterval === false
        ? 0
        : toMs(outbox.backlogInterval ?? d.OUTBOX_DEFAULT_BACKLOG_INTERVAL),
  });
}
