import { Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { healthIndicators } from '@bulwark/common';
import { AdmissionControl } from './admission-control';

/**
 * Shows admission control in a health report: shedding or not, admit ratio, event-loop delay,
 * refusals so far. Always `up`: shedding means the instance serves what it can, and failing
 * readiness would move its load to peers that are likely just as busy (readiness says "this
 * instance cannot serve", which is not the case). Needs `@nestjs/terminus` (an optional peer) only
 * when `check` runs.
 * @example
 * @Get('ready') @HealthCheck() ready() { return this.health.check([() => this.admission.check('admission')]); }
 * @publicApi
 */
@Injectable()
export class AdmissionHealthIndicator {
  private readonly health = healthIndicators('AdmissionHealthIndicator');

  constructor(private readonly admission: AdmissionControl) {}

  /** Reports admission control under `key`; reads in-memory state only. */
  check<const Key extends string>(key: Key): HealthIndicatorResult<Key> {
    return this.health.check(key).up({ ...this.admission.snapshot() });
  }
}
