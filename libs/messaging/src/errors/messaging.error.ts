import { RpcException } from '@nestjs/microservices';

/** Where a message came from or was going; every field is optional because transports differ. */
export interface MessagingErrorContext {
  readonly topic?: string;
  readonly partition?: number;
  readonly offset?: string;
  readonly exchange?: string;
  readonly routingKey?: string;
  readonly queue?: string;
  readonly messageId?: string;
}

/**
 * Base of every messaging error. `retriable` tells the consumer pipeline whether another attempt
 * could succeed. It extends `RpcException` and returns itself from `getError()` (as Nest's
 * `KafkaRetriableException` does) so the error survives Nest's RPC exception layer intact and the
 * transport can read its class and flag.
 * @publicApi
 */
export class MessagingError extends RpcException {
  readonly isMessagingError = true;

  constructor(
    message: string,
    readonly retriable: boolean,
    readonly context: MessagingErrorContext = {},
    options?: { cause?: unknown },
  ) {
    super(message);
    this.name = new.target.name;
    if (options?.cause !== undefined) (this as { cause?: unknown }).cause = options.cause;
  }

  override getError(): this {
    return this;
  }
}

/** True for any {@link MessagingError}, even one from a duplicate copy of this package. */
export function isMessagingError(error: unknown): error is MessagingError {
  return typeof error === 'object' && error !== null && 'isMessagingError' in error;
}
