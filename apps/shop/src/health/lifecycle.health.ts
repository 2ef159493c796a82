import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { LifecycleState } from './lifecycle.state';

/** Readiness of the process itself: `down` from the moment shutdown begins. */
@Injectable()
export class LifecycleHealthIndicator {
  constructor(
    private readonly health: HealthIndicatorService,
    private readonly lifecycle: LifecycleState,
  ) {}

  check<const Key extends string>(key: Key): HealthIndicatorResult<Key> {
    const session = this.health.check(key);
    return this.lifecycle.isDraining ? session.down({ message: 'shutting down' }) : session.up();
  }
}
