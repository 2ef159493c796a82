import { MessagingError, type MessagingErrorContext } from './messaging.error';

/**
 * Throw from a handler to force the retry path (next retry queue/topic, then the DLQ), whatever
 * the default failure action says.
 * @publicApi
 */
export class RetriableMessageError extends MessagingError {
  readonly isRetriableMessageError = true;

  constructor(message: string, context?: MessagingErrorContext, options?: { cause?: unknown }) {
    super(message, true, context, options);
  }
}

/** Guard for {@link RetriableMessageError}. */
export function isRetriableMessageError(error: unknown): error is RetriableMessageError {
  return typeof error === 'object' && error !== null && 'isRetriableMessageError' in error;
}
