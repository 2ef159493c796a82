export { MessagingError, isMessagingError, type MessagingErrorContext } from './messaging.error';
export { RetriableMessageError, isRetriableMessageError } from './retriable-message.error';
export { PoisonMessageError, isPoisonMessageError } from './poison-message.error';
export { PublishError, isPublishError, type PublishFailureReason } from './publish.error';
export { TopologyMismatchError, isTopologyMismatchError } from './topology-mismatch.error';
export {
  DlqReplayInProgressError,
  isDlqReplayInProgressError,
} from './dlq-replay-in-progress.error';
