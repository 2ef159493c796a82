// `@bulwark/messaging`: the transport-neutral core. It never loads a broker driver; the transports
// are the subpath entry points `@bulwark/messaging/kafka` and `@bulwark/messaging/rabbitmq`.
// One barrel per entry point, naming what it exports (no `export *`), straight from each file.
import { InboxMessage } from './inbox/inbox.entity';
import { OutboxMessage } from './outbox/outbox.entity';

export { MessagingModule } from './messaging.module';
export { MESSAGING_MODULE_OPTIONS } from './messaging.module-definition';
export { resolveMessagingOptions, type ResolvedMessagingOptions } from './messaging.options';
export type {
  MessagingModuleOptions,
  OutboxOptions,
} from './interfaces/messaging-module-options.interface';
export { MessagingHeaders } from './messaging.headers';
export { MESSAGE_ID_HEADER } from '@bulwark/common';
export { toMs, type Duration } from '@bulwark/common';
export {
  MessagingError,
  isMessagingError,
  type MessagingErrorContext,
} from './errors/messaging.error';
export { RetriableMessageError, isRetriableMessageError } from './errors/retriable-message.error';
export { PoisonMessageError, isPoisonMessageError } from './errors/poison-message.error';
export { PublishError, isPublishError, type PublishFailureReason } from './errors/publish.error';
export { TopologyMismatchError, isTopologyMismatchError } from './errors/topology-mismatch.error';
export {
  DlqReplayInProgressError,
  isDlqReplayInProgressError,
} from './errors/dlq-replay-in-progress.error';
export {
  type RetryPolicyOptions,
  type ResolvedRetryPolicy,
  resolveRetryPolicy,
  DEFAULT_RETRY_ATTEMPTS,
  DEFAULT_RETRY_BACKOFF,
} from './retry/retry-policy';
export {
  RetryPolicy,
  getRetryPolicyExtra,
  RETRY_POLICY_EXTRA,
} from './retry/retry-policy.decorator';
export { MessagingExceptionFilter } from './retry/messaging-exception.filter';
export {
  type FailureTarget,
  type FailureAction,
  retryLater,
  deadLetter,
  requeue,
  ack,
  retryOrDeadLetter,
} from './retry/failure-action';
export { OutboxMessage, type OutboxTransport } from './outbox/outbox.entity';
export { OutboxService, type OutboxEnvelope } from './outbox/outbox.service';
export { OutboxRelay, type OutboxRelayOptions, type OutboxPassResult } from './outbox/outbox-relay';
export type { OutboxPublisher, OutboxRecord } from './outbox/outbox-publisher.interface';
export { OutboxBacklogMonitor } from './outbox/outbox-backlog.monitor';
export { OutboxPublishers } from './outbox/outbox-publishers';
export { InboxMessage } from './inbox/inbox.entity';
export {
  InboxService,
  type ProcessBatchOnceResult,
  type ProcessOnceResult,
} from './inbox/inbox.service';
export { CreateMessagingTables1764000000000 } from './migrations/create-messaging-tables.migration';
export { traceContextHeaders } from './tracing/outbox-trace-context';

/** Entities to add to the app's TypeORM `entities`. */
export const MESSAGING_ENTITIES = [OutboxMessage, InboxMessage];
