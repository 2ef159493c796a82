import { applyDecorators, UseFilters } from '@nestjs/common';
import { mergePatternExtras, readPatternExtra } from '../utils/pattern-extras';
import { MessagingExceptionFilter } from './messaging-exception.filter';
import type { RetryPolicyOptions } from './retry-policy';

/** Key of the retry policy inside Nest's pattern extras (`handler.extras`). */
export const RETRY_POLICY_EXTRA = 'bulwarkRetryPolicy';

/**
 * Retry policy of one `@EventPattern` handler. It only records metadata: it merges into the
 * pattern extras (which `@EventPattern` also merges, so decorator order does not matter) where the
 * transport reads it at `listen()`, and applies {@link MessagingExceptionFilter} so the original
 * error reaches the retry/DLQ headers.
 * @example
 * ```ts
 * @EventPattern<string>('notifications') // <string>: Nest 12's typed overload would type @Ctx() as unknown
 * @RetryPolicy({ attempts: 4, backoff: ['1s', '10s', '60s'], dlq: true })
 * async onNotification(@Payload() body: OrderConfirmed, @Ctx() ctx: RabbitMqMessageContext) {}
 * ```
 * @publicApi
 */
export function RetryPolicy(options: RetryPolicyOptions): MethodDecorator {
  const setExtras: MethodDecorator = (_target, _key, descriptor) => {
    mergePatternExtras(descriptor.value as object, { [RETRY_POLICY_EXTRA]: options });
    return descriptor;
  };
  return applyDecorators(setExtras, UseFilters(new MessagingExceptionFilter()));
}

/** Reads the policy that {@link RetryPolicy} stored in a handler's extras, if any. */
export function getRetryPolicyExtra(extras: unknown): RetryPolicyOptions | undefined {
  return readPatternExtra<RetryPolicyOptions>(extras, RETRY_POLICY_EXTRA);
}
