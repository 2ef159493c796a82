import { Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { ELDHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import { optionalPeer } from '@bulwark/common';

/**
 * Liveness from the process itself: a p99 event-loop delay beyond the threshold over the last
 * window means the process cannot serve, whatever its dependencies say. The histogram resets after
 * each check so one old stall does not fail the probe forever, and once at bootstrap: start-up work
 * (compiling WASM, running migrations) blocks the loop by design and says nothing about serving.
 */
@Injectable()
export class EventLoopHealthIndicator implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly histogram: ELDHistogram = monitorEventLoopDelay({ resolution: 20 });
  private readonly health: HealthIndicatorService;

  // @nestjs/terminus is an optional peer, so it is loaded here rather than injected: an injected
  // HealthIndicatorService would be a runtime import of this file, i.e. of the library's index.
  // Its service only builds results (its one field caches `attempt()`s, unused here), so an
  // instance of our own gives the same results as the injected one.
  constructor() {
    const terminus = optionalPeer(
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      () => require('@nestjs/terminus') as typeof import('@nestjs/terminus'),
      '@nestjs/terminus',
      'EventLoopHealthIndicator',
    );
    this.health = new terminus.HealthIndicatorService();
    this.histogram.enable();
  }

  onApplicationBootstrap(): void {
    this.histogram.reset();
  }

  checkDelay<K extends string>(key: K, maxP99Ms: number): HealthIndicatorResult<K> {
    const p99Ms = this.histogram.count > 0 ? this.histogram.percentile(99) / 1e6 : 0;
    this.histogram.reset();
    const data = { p99Ms: Math.round(p99Ms * 10) / 10, maxP99Ms };
    return p99Ms > maxP99Ms ? this.health.check(key).down(data) : this.health.check(key).up(data);
  }

  onModuleDestroy(): void {
    this.histogram.disable();
  }
}
