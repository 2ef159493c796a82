/** The controller's settings, already in milliseconds. @internal */
export interface AdmissionSettings {
  /** Delay above this is queueing, not noise. */
  readonly targetMs: number;
  /** How long the delay must stay above target before shedding starts (and a burst is absorbed). */
  readonly intervalMs: number;
  /** Time constant of the multiplicative decrease: at twice the target, the admit ratio halves in this time. */
  readonly decreaseWindowMs: number;
  /** Additive increase of the admit ratio per second while the delay is below target. */
  readonly increasePerSecond: number;
  /** The admit ratio never drops below this, so a few requests keep probing the server. */
  readonly minAdmitRatio: number;
}

/** What the controller decided last; read by health checks and metrics. @publicApi */
export interface AdmissionState {
  readonly shedding: boolean;
  /** Share of non-exempt requests admitted while shedding (1 when not shedding). */
  readonly admitRatio: number;
  /** The most recent delay sample, ms. */
  readonly delayMs: number;
}

/** A gradient never cuts the ratio by more than this per decrease window: one late GC pause must not zero it. */
const MAX_CUT = 0.5;

/**
 * Decides from delay samples whether to shed and what share to admit. Pure: the caller feeds
 * samples with their own clock, so tests replay exact timelines.
 *
 * Detection follows CoDel ("Fail at Scale"): a queue that empties within an interval is a burst
 * and is served; a delay that stays above target for a whole interval is a standing queue. Once
 * shedding, the admit ratio moves like Netflix's gradient/AIMD limits: it shrinks in proportion
 * to target/delay (scaled by the time the sample covers, since a saturated loop samples rarely)
 * and grows additively while the delay is below target; shedding ends when it is back at 1.
 * Adaptive LIFO has no counterpart here: the queue is the kernel's socket buffers, read in order.
 */
export class AdmissionController implements AdmissionState {
  shedding = false;
  admitRatio = 1;
  delayMs = 0;
  private aboveSince: number | undefined;
  private lastSampleAt: number | undefined;
  private credit = 0;

  constructor(private readonly settings: AdmissionSettings) {}

  /** Feeds one delay sample `delayMs` taken at `nowMs` (any monotonic clock, ms). */
  observe(delayMs: number, nowMs: number): void {
    const elapsedMs = this.lastSampleAt === undefined ? 0 : Math.max(0, nowMs - this.lastSampleAt);
    this.lastSampleAt = nowMs;
    this.delayMs = delayMs;
    const { targetMs } = this.settings;
    if (delayMs <= targetMs) {
      this.aboveSince = undefined;
      if (this.shedding) this.increase(elapsedMs);
      return;
    }
    this.aboveSince ??= nowMs;
    if (!this.shedding && nowMs - this.aboveSince >= this.settings.intervalMs) {
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
    const weight = Math.min(1, elapsedMs / decreaseWindowMs);
    this.admitRatio = Math.max(minAdmitRatio, this.admitRatio * gradient ** weight);
  }
}
