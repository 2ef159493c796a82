import {
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import { ResilienceMetrics } from '../metrics/resilience.metrics';
import { RESOLVED_RESILIENCE_OPTIONS } from '../resilience.module-definition';
import type { ResolvedResilienceOptions } from '../resilience-options';
import { AdmissionController, AdmissionState, LoopSample } from './admission-controller';
import { HttpAdmissionGate } from './http-admission-gate';
import { LoopSampler } from './loop-sampler';

/** Admission control as health checks and operators see it. @publicApi */
export interface AdmissionSnapshot extends AdmissionState {
  readonly enabled: boolean;
  readonly targetMs: number;
  /** Requests refused since start. */
  readonly shedTotal: number;
}

/**
 * Sheds HTTP load when the event loop stays saturated, so admitted requests finish inside their
 * budget instead of every request timing out (goodput falling to zero).
 *
 * Hand-written, because nothing off the shelf fits: `@fastify/under-pressure` is Fastify-only and
 * an on/off threshold that refuses everything, probes and operators included, while over it;
 * Netflix's concurrency-limits has no Node port, and in-flight counts (what its limiters and
 * bulkheads watch) do not see requests queued in kernel buffers in front of a saturated loop.
 * @publicApi
 */
@Injectable()
export class AdmissionControl implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly controller: AdmissionController;
  private readonly sampler: LoopSampler;
  private readonly gate: HttpAdmissionGate;
  private readonly logger = new Logger('AdmissionControl');
  private installed = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(RESOLVED_RESILIENCE_OPTIONS) private readonly options: ResolvedResilienceOptions,
    private readonly metrics: ResilienceMetrics,
  ) {
    const admission = options.admission;
    this.controller = new AdmissionController(admission);
    this.gate = new HttpAdmissionGate(
      this.controller,
      admission.exempt,
      admission.retryAfterSeconds,
      () => metrics.admissionShed.inc(),
      // CoDel's short queue timeout while shedding: the target itself.
      { sliceMs: admission.sliceMs, shedAfterMs: admission.targetMs },
    );
    this.sampler = new LoopSampler(admission.samplePeriodMs, this.onSample, () =>
      this.gate.queueDelayMs(),
    );
  }

  onApplicationBootstrap(): void {
    // Nest runs bootstrap hooks again when a microservice starts listening.
    if (this.installed || !this.options.admission.enabled) return;
    const server: unknown = this.adapterHost.httpAdapter?.getHttpServer();
    if (!isHttpServer(server)) return;
    this.gate.install(server);
    this.sampler.start();
    this.installed = true;
  }

  onApplicationShutdown(): void {
    this.sampler.stop();
    this.gate.uninstall();
    this.installed = false;
  }

  /** The current decision and counters. */
  snapshot(): AdmissionSnapshot {
    const c = this.controller;
    return {
      enabled: this.installed,
      shedding: c.shedding,
      admitRatio: Math.round(c.admitRatio * 1000) / 1000,
      delayMs: Math.round(c.delayMs * 10) / 10,
      utilization: Math.round(c.utilization * 1000) / 1000,
      targetMs: this.options.admission.targetMs,
      shedTotal: this.gate.shedTotal,
    };
  }

  private readonly onSample = (sample: LoopSample): void => {
    const wasShedding = this.controller.shedding;
    const ratio = this.controller.admitRatio;
    this.controller.observe(sample);
    if (ratio !== this.controller.admitRatio)
      this.metrics.admissionRatio.set(this.controller.admitRatio);
    if (wasShedding === this.controller.shedding) return;
    this.metrics.admissionShedding.set(this.controller.shedding ? 1 : 0);
    // One line per change of state, never per refusal: logging must not add to the overload.
    if (this.controller.shedding)
      this.logger.warn(
        `shedding load: event-loop delay above ${this.options.admission.targetMs} ms for ${this.options.admission.intervalMs} ms`,
      );
    else this.logger.log(`stopped shedding (${this.gate.shedTotal} refused so far)`);
  };
}

function isHttpServer(value: unknown): value is Server {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof Reflect.get(value, 'emit') === 'function' &&
    typeof Reflect.get(value, 'listeners') === 'function'
  );
}
