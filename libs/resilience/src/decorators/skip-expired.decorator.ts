import { SetMetadata } from '@nestjs/common';
import type { HeaderBag } from '../deadline/headers';
import type { Duration } from '@bulwark/common';
import { RESILIENCE_METADATA } from '../resilience.constants';

/** Options of `@SkipExpired`. @publicApi */
export interface SkipExpiredOptions {
  /** How long after its deadline a message is still worth handling. @default 0 */
  grace?: Duration;
  /**
   * Where a provider method finds the message headers among its arguments. Message handlers
   * (`@EventPattern`, `@MessagePattern`) read them from the Kafka or RabbitMQ context instead.
   * @default the first argument that has a `headers` object
   */
  headers?: (args: readonly unknown[]) => HeaderBag | undefined;
}

/**
 * Skips (acknowledges without running) a message whose `x-deadline` header has passed, so a
 * consumer does not work for a requester that gave up long ago; counted in
 * `bulwark_resilience_expired_skipped_total{handler}`. A message still in time is handled with
 * its remaining budget in async context, so downstream calls inherit it.
 * @example @EventPattern('orders.quote') @SkipExpired({ grace: '1s' }) quote(@Payload() q: Quote) { ... }
 * @publicApi
 */
export const SkipExpired = (options: SkipExpiredOptions = {}): MethodDecorator =>
  SetMetadata(RESILIENCE_METADATA.skipExpired, options);
