/** The controller's settings, already in milliseconds. @internal */
export interface AdmissionSettings {
  /** Delay above this is queueing, not noise. */
  readonly targetMs: number;
  /**
   * How much CPU time the process must spend overloaded before shedding starts: a burst that
   * costs less is served. CPU time, not wall time, so a burst is judged by its work, however
   * long other processes on the machine make it last.
   */
  readonly intervalMs: number;
  /**
   * Event-loop utilization (0..1) from which the loop counts as never idle. Below it the loop
   * found its queue empty at some point: a delay then comes from elsewhere (CPU taken by other
   * processes, one long task) and refusing requests would not shorten it.
   */
  readonly busyUtilization: number;
  /** Time constant of the multiplicative decrease: at twice the target, the admit ratio halves in this time. */
  readonly decreaseWindowMs: number;
  /** Additive increase of the admit ratio per second while the server keeps up. */
  readonly increasePerSecond: number;
  /** The admit ratio never drops below this, so a few requests keep probing the server. */
  readonly minAdmitRatio: number;
}

/** One reading of the event loop over the time since the previous one. @internal */
export interface LoopSample {
  /** How late the sampling timer fired, ms: how long a request arriving now waits. */
  readonly delayMs: number;
  /** Share of the time the loop was busy (0..1), from `performance.eventLoopUtilization()`. */
  readonly utilization: number;
  /** CPU time the process used since the previous sample, ms. */
  readonly cpuMs: number;
  /** When the sample was taken (any monotonic clock, ms). */
  readonly atMs: number;
}

/** What the controller decided last; read by health checks and metrics. @publicApi */
export interface AdmissionState {
  readonly shedding: boolean;
  /** Share of non-exempt requests admitted while shedding (1 when not shedding). */
  readonly admitRatio: number;
  /** The most recent event-loop delay, ms. */
  readonly delayMs: number;
  /** The most recent event-loop utilization, 0..1. */
  readonly utilization: number;
}

/** A gradient never cuts the ratio by more than half per decrease window: one late GC pause must not zero it. */
const MAX_CUT = 0.5;

/**
 * Decides from event-loop samples whether to shed and what share to admit. Pure: the caller
 * feeds samples with their own clock, so tests replay exact timelines.
 *
 * Detection follows CoDel ("Fail at Scale"): a queue that empties within an interval is a burst
 * and is served; one that stays non-empty for a whole interval is a standing queue. Node hides
 * the queue (kernel socket buffers), so "non-empty" is read from the loop: every sample late by
 * more than the target and the loop never idle. The interval is measured in the process's CPU
 * time, so a burst is absorbed if its work fits, even on a machine shared with busy neighbours. Once shedding, the admit ratio moves like
 * Netflix's gradient/AIMD limits: it shrinks by target/delay (weighted by the time the sample
 * covers, as a saturated loop samples rarely) and grows additively while the server keeps up;
 * shedding ends when it is back at 1. Adaptive LIFO has no counterpart: the kernel reads in order.
 */
export class AdmissionController implements AdmissionState {
  shedding = false;
  admitRatio = 1;
  delayMs = 0;
  utilization = 0;
  /** CPU time spent overloaded since the loop last kept up, ms; undefined while it keeps up. */
  private overloadedCpuMs: number | undefined;
  private lastSampleAt: number | undefined;
  private credit = 0;

  constructor(private readonly settings: AdmissionSettings) {}

  /** Feeds one sample of the event loop. */
  observe({ delayMs, utilization, cpuMs, atMs }: LoopSample): void {
    const elapsedMs = this.lastSampleAt === undefined ? 0 : Math.max(0, atMs - this.lastSampleAt);
    this.lastSampleAt = atMs;
    this.delayMs = delayMs;
    this.utilization = utilization;
    const overloaded =
      delayMs > this.settings.targetMs && utilization >= this.settings.busyUtilization;
    if (!overloaded) {
      this.overloadedCpuMs = undefined;
      if (this.shedding) this.increase(elapsedMs);
      return;
    }
    // The first late sample only opens the streak: one long task alone is no standing queue.
    this.overloadedCpuMs = this.overloadedCpuMs === undefined ? 0 : this.overloadedCpuMs + cpuMs;
    if (!this.shedding && this.overloadedCpuMs >= this.settings.intervalMs) {
      this.shedding = true;
      this.credit = 0;
    }
    if (this.shedding) this.decrease(delayMs, elapsedMs);
  }

  /**
   * Whether to admit the next request. Not random: credit accumulates by the admit ratio, so
   * admissions are spread evenly (a ratio of 0.25 admits every fourth request).
   */
  admit(): boolean {
    if (!this.shedding) return true;
    this.credit += this.admitRatio;
    if (this.credit < 1) return false;
    this.credit -= 1;
    return true;
  }

  private increase(elapsedMs: number): void {
    this.admitRatio = Math.min(
      1,
      this.admitRatio + (this.settings.increasePerSecond * elapsedMs) / 1000,
    );
    if (this.admitRatio === 1) this.shedding = false;
  }

  private decrease(delayMs: number, elapsedMs: number): void {
    const { targetMs, decreaseWindowMs, minAdmitRatio } = this.settings;
    const gradient = Math.max(MAX_CUT, targetMs / delayMs);
    // Not capped at one window: a sample covering a 2 s stall must cut as much as 20 samples would.
    this.admitRatio = Math.max(
      minAdmitRatio,
      this.admitRatio * gradient ** (elapsedMs / decreaseWindowMs),
    );
  }
}
