import { Inject, Injectable, Logger } from '@nestjs/common';
import { CircuitState } from 'cockatiel';
import { ResilienceMetrics } from './metrics/resilience.metrics';
import { BreakerPolicy } from './policies/circuit-breaker';
import { RESOLVED_RESILIENCE_OPTIONS } from './resilience.module-definition';
import type { ResolvedResilienceOptions } from './resilience-options';

/** A breaker's state as shown in health details and logs. @publicApi */
export type BreakerStateName = 'closed' | 'open' | 'half-open' | 'isolated';

const STATE_NAMES: Record<CircuitState, BreakerStateName> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'isolated',
};

/** Gauge values: isolated is reported as open, the gauge's contract is 0/1/2. */
const GAUGE_VALUES: Record<CircuitState, number> = {
  [CircuitState.Closed]: 0,
  [CircuitState.Open]: 1,
  [CircuitState.HalfOpen]: 2,
  [CircuitState.Isolated]: 1,
};

/**
 * One breaker per dependency name, shared by every caller in the process: `postgres`, `redis`,
 * `kafka`, and any other name on first use (e.g. `http:payments`). State changes are logged
 * and exported as `bulwark_resilience_breaker_state{policy}`.
 * @publicApi
 */
@Injectable()
export class BreakerRegistry {
  private readonly breakers = new Map<string, BreakerPolicy>();
  private readonly logger = new Logger('Resilience');

  constructor(
    @Inject(RESOLVED_RESILIENCE_OPTIONS) private readonly options: ResolvedResilienceOptions,
    private readonly metrics: ResilienceMetrics,
  ) {
    for (const name of Object.keys(options.dependencies)) this.get(name);
  }

  /** The breaker called `name`, created with that dependency's options on first use. */
  get(name: string): BreakerPolicy {
    let breaker = this.breakers.get(name);
    if (!breaker) {
      breaker = new BreakerPolicy(name, this.options.dependencies[name]?.breaker ?? {});
      this.watch(breaker);
      this.breakers.set(name, breaker);
    }
    return breaker;
  }

  /** Every breaker created so far with its state, for health checks and admin pages. */
  snapshot(): Array<{ name: string; state: BreakerStateName; critical: boolean }> {
    return [...this.breakers.values()].map((b) => ({
      name: b.name,
      state: STATE_NAMES[b.state],
      critical: b.critical,
    }));
  }

  private watch(breaker: BreakerPolicy): void {
    const labels = { policy: breaker.name };
    this.metrics.breakerState.set(labels, GAUGE_VALUES[breaker.state]);
    breaker.onStateChange((state) => {
      this.metrics.breakerState.set(labels, GAUGE_VALUES[state]);
      const message = `Breaker ${breaker.name} is now ${STATE_NAMES[state]}`;
      if (state === CircuitState.Closed) this.logger.log(message);
      else this.logger.warn(message);
    });
  }
}
