import { isMessagingError } from '../errors/messaging.error';
import { isPoisonMessageError } from '../errors/poison-message.error';

/**
 * How a failure is described in retry and dead-letter headers, the same on both transports so
 * operators read one vocabulary in Kafka's `<topic>.dlq` and RabbitMQ's `<queue>.dlq`.
 */

/** Why a message was dead-lettered: `poison`, `non-retriable`, `exhausted` or `dead-lettered`. */
export function deadLetterReason(error: unknown, attempt: number, max: number): string {
  if (isPoisonMessageError(error)) return 'poison';
  if (isMessagingError(error) && !error.retriable) return 'non-retriable';
  return attempt >= max ? 'exhausted' : 'dead-lettered';
}

/** The thrown class; Nest's RPC layer may hand over a plain `{ status, message }` object. */
export function errorClass(error: unknown): string {
  if (error instanceof Error) return error.constructor.name;
  if (typeof error === 'object' && error !== null && 'status' in error) return 'RpcError';
  return typeof error;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && 'message' in error) {
    return String((error as { message: unknown }).message);
  }
  return String(error);
}
