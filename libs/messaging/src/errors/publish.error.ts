import { MessagingError, type MessagingErrorContext } from './messaging.error';

/** Why the broker did not take responsibility for a published message. */
export type PublishFailureReason = 'nacked' | 'returned' | 'timeout' | 'closed' | 'channel-error';

/**
 * `publish()` rejected: the message may not be stored by the broker. Retriable, because the
 * caller (the outbox relay) can publish again; consumers deduplicate by message id.
 * @publicApi
 */
export class PublishError extends MessagingError {
  readonly isPublishError = true;

  constructor(
    readonly reason: PublishFailureReason,
    message: string,
    context?: MessagingErrorContext,
  ) {
    super(message, true, context);
  }
}

/** Guard for {@link PublishError}. */
export function isPublishError(error: unknown): error is PublishError {
  return typeof error === 'object' && error !== null && 'isPublishError' in error;
}
