import { MessagingError } from './messaging.error';

/**
 * A declared exchange or queue exists on the broker with other arguments (AMQP 406
 * PRECONDITION_FAILED). Not retriable: reconnecting would fail the same way, so start-up stops
 * with this one message instead of a reconnect loop.
 * @publicApi
 */
export class TopologyMismatchError extends MessagingError {
  readonly isTopologyMismatchError = true;

  constructor(
    readonly entity: string,
    readonly brokerMessage: string,
  ) {
    super(
      `RabbitMQ topology mismatch on ${entity}: ${brokerMessage}. The broker keeps the existing ` +
        `arguments; delete or migrate the ${entity} (or change the declaration) and restart.`,
      false,
      { queue: entity },
    );
  }
}

/** Guard for {@link TopologyMismatchError}. */
export function isTopologyMismatchError(error: unknown): error is TopologyMismatchError {
  return typeof error === 'object' && error !== null && 'isTopologyMismatchError' in error;
}
