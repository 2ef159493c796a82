import type { HealthIndicatorService } from '@nestjs/terminus';
import { optionalPeer } from './optional-peer';

/**
 * What a library's health indicator builds its results with, in place of an injected
 * `HealthIndicatorService`: injecting it would make `@nestjs/terminus` (an optional peer) a
 * runtime import of the library's entry point and would need `TerminusModule` in its module.
 * Terminus is loaded on the first `check`, so the indicator can be provided (and constructed)
 * in an app without it; using it there throws `<feature> needs @nestjs/terminus: npm install
 * @nestjs/terminus`. Terminus's service only builds results (its one field caches `attempt()`s),
 * so the results are the same as an injected one's.
 * @example private readonly health = healthIndicators('RedisHealthIndicator');
 * @publicApi
 */
export function healthIndicators(feature: string): Pick<HealthIndicatorService, 'check'> {
  let service: HealthIndicatorService | undefined;
  const check = (key: string) => {
    service ??= new (optionalPeer(
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      () => require('@nestjs/terminus') as typeof import('@nestjs/terminus'),
      '@nestjs/terminus',
      feature,
    ).HealthIndicatorService)();
    return service.check(key);
  };
  // The session's type keeps the key literal (`check<const Key>`), which a plain arrow cannot.
  return { check: check as HealthIndicatorService['check'] };
}
