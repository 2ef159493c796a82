import type { IncomingMessage } from 'node:http';
import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * Who an `Idempotency-Key` belongs to: the request's `Authorization` header, when it has one.
 * A key is scoped to the credentials that sent it (as payment APIs scope keys per API key), so
 * another client reusing it starts its own order instead of being handed this one. Not a
 * client-id header: anyone can send somebody else's id, while credentials are the one thing a
 * client cannot borrow. Without credentials (the shop's anonymous buyers) keys are global: see
 * {@link scopedIdempotencyKey} and the README.
 */
export const IdempotencyScope = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | undefined => {
    const header = ctx.switchToHttp().getRequest<IncomingMessage>().headers.authorization;
    return typeof header === 'string' && header.length > 0 ? header : undefined;
  },
);

/**
 * What is stored and compared for a key: the key itself when anonymous; for a scoped one, a space
 * and the SHA-256 (base64url) of credentials and key. 44 characters, within the column's 128, and
 * never equal to an anonymous key (those are visible ASCII only, no space), and the credentials
 * are not stored.
 */
export function scopedIdempotencyKey(key: string, scope: string | undefined): string {
  if (scope === undefined) return key;
  return ` ${createHash('sha256').update(scope).update('\n').update(key).digest('base64url')}`;
}
