import type { ConsumeMessage } from 'amqplib';
import { PoisonMessageError } from '../errors/poison-message.error';

/** Parses a JSON body; an undecodable one is a {@link PoisonMessageError} (straight to the DLQ). */
export function decodeJson(message: ConsumeMessage, queue: string): unknown {
  try {
    return JSON.parse(message.content.toString('utf8'));
  } catch (cause) {
    throw new PoisonMessageError(`Undecodable message body (${String(cause)})`, {
      queue,
      messageId: message.properties.messageId as string | undefined,
    });
  }
}

/**
 * Runs an ack/nack; false when the channel is already closed, in which case the broker requeues
 * the delivery itself and the inbox absorbs the repeat.
 */
export function trySettle(fn: () => void): boolean {
  try {
    fn();
    return true;
  } catch {
    return false;
  }
}
