// `@bulwark/messaging`: the transport-neutral core. It never loads a broker driver; the transports
// are the subpath entry points `@bulwark/messaging/kafka` and `@bulwark/messaging/rabbitmq`.
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
export { MESSAGE_ID_HEADER } from './messaging.constants';
export { toMs, type Duration } from './duration';
export {
  MessagingError,
  isMessagingError,
  type MessagingErrorContext,
  RetriableMessageError,
  isRetriableMessageError,
  PoisonMessageError,
  isPoisonMessageError,
  PublishError,
  isPublishError,
  type PublishFailureReason,
  TopologyMismatchError,
  isTopologyMismatchError,
  DlqReplayInProgressError,
  isDlqReplayInProgressError,
} from './errors';
export {
  type RetryPolicyOptions,
  type ResolvedRetryPolicy,
  resolveRetryPolicy,
  DEFAULT_RETRY_ATTEMPTS,
  DEFAULT_RETRY_BACKOFF,
  RetryPolicy,
  getRetryPolicyExtra,
  RETRY_POLICY_EXTRA,
  MessagingExceptionFilter,
} from './retry';
export {
  type FailureTarget,
  type FailureAction,
  retryLater,
  deadLetter,
  requeue,
  ack,
  retryOrDeadLetter,
} from './retry/failure-action';
export {
  OutboxMessage,
  type OutboxTransport,
  OutboxService,
  type OutboxEnvelope,
  OutboxRelay,
  type OutboxRelayOptions,
  type OutboxPassResult,
  type OutboxPublisher,
  type OutboxRecord,
  OutboxBacklogMonitor,
} from './outbox';
export { OutboxPublishers } from './outbox/outbox-publishers';
export {
  InboxMessage,
  InboxService,
  type ProcessBatchOnceResult,
  type ProcessOnceResult,
} from './inbox';
export { CreateMessagingTables1764000000000 } from './migrations/create-messaging-tables.migration';
export { traceContextHeaders } from './tracing/outbox-trace-context';

/** Entities to add to the app's TypeORM `entities`. */
export const MESSAGING_ENTITIES = [OutboxMessage, InboxMessage];
