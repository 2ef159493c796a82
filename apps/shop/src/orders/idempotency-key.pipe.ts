import type { IncomingMessage } from 'node:http';
import {
  BadRequestException,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  PipeTransform,
} from '@nestjs/common';

/** Longest accepted key: a UUID or a client's own request id fits with room to spare. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;
const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

/**
 * `Idempotency-Key` header: absent is fine (no replay protection), present must be 1–128 visible
 * ASCII characters, so what is stored and compared is exactly what the client will resend.
 */
@Injectable()
export class IdempotencyKeyPipe implements PipeTransform<unknown, string | undefined> {
  transform(value: unknown): string | undefined {
    if (value === undefined) return undefined;
    if (
      typeof value !== 'string' ||
      value.length > MAX_IDEMPOTENCY_KEY_LENGTH ||
      !VISIBLE_ASCII.test(value)
    ) {
      throw new BadRequestException(
        `Idempotency-Key must be 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} visible ASCII characters`,
      );
    }
    return value;
  }
}

/** The raw `Idempotency-Key` header; use with {@link IdempotencyKeyPipe}. */
export const IdempotencyKeyHeader = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): unknown =>
    ctx.switchToHttp().getRequest<IncomingMessage>().headers['idempotency-key'],
);
