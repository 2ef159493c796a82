import { MessagingError, type MessagingErrorContext } from './messaging.error';

/**
 * A message that can never be processed (undecodable body, no handler): it goes straight to the
 * DLQ because retrying cannot change the outcome.
 * @publicApi
 */
export class PoisonMessageError extends MessagingError {
  readonly isPoisonMessageError = true;

  constructor(message: string, context?: MessagingErrorContext, options?: { cause?: unknown }) {
    super(message, false, context, options);
  }
}

/** Guard for {@link PoisonMessageError}. */
export function isPoisonMessageError(error: unknown): error is PoisonMessageError {
  return typeof error === 'object' && error !== null && 'isPoisonMessageError' in error;
}
