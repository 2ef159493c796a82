import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { healthIndicators } from '@bulwark/common';
import { BreakerRegistry } from '../breaker-registry';

/** Options of `BreakerHealthIndicator.breakersCheck`. @publicApi */
export interface BreakersCheckOptions {
  /**
   * Status to report while a critical breaker is open. `'down'` takes the instance out of
   * readiness; `'degraded'` keeps HTTP 200 and names the open breakers: an open breaker guards
   * one dependency (its calls fail fast with 503), while the instance still serves everything
   * else, and every instance sharing the dependency would fail readiness together.
   * @default 'down'
   */
  whenOpen?: 'down' | 'degraded';
}

/**
 * Reports every breaker of the `BreakerRegistry`: `up` with each breaker's state, `down` (or
 * `degraded`, see {@link BreakersCheckOptions}) if a critical breaker is open or isolated (a half-open one is probing and counts as up). Reads
 * in-memory state only, so it needs no timeout, and it never throws. Needs `@nestjs/terminus` (an
 * optional peer) only when a check runs: `ResilienceModule` provides it in every app.
 * @example
 * @Get('ready') @HealthCheck() ready() { return this.health.check([() => this.breakers.breakersCheck('breakers')]); }
 * @publicApi
 */
@Injectable()
export class BreakerHealthIndicator {
  private readonly health = healthIndicators('BreakerHealthIndicator');

  constructor(private readonly breakers: BreakerRegistry) {}

  /** Checks all breakers under `key`. */
  breakersCheck<const Key extends string>(
    key: Key,
    options: BreakersCheckOptions = {},
  ): HealthIndicatorResult<Key> {
    const session = this.health.check(key);
    try {
      const snapshot = this.breakers.snapshot();
      const details = Object.fromEntries(
        snapshot.map((b) => [b.name, { state: b.state, critical: b.critical }]),
      );
      const open = snapshot.filter(
        (b) => b.critical && (b.state === 'open' || b.state === 'isolated'),
      );
      if (open.length === 0) return session.up({ breakers: details });
      const report = { breakers: details, open: open.map((b) => b.name) };
      return options.whenOpen === 'degraded' ? session.degraded(report) : session.down(report);
    } catch (error) {
      return session.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
