import { performance } from 'node:perf_hooks';

/** Receives each event-loop delay sample: how late a timer fired (ms), and when (performance.now()). */
export type DelaySink = (delayMs: number, nowMs: number) => void;

/**
 * Measures event-loop delay with a timer that re-arms itself every `periodMs` and reports how
 * late it fired. In Node the request queue is invisible (kernel socket buffers in front of one
 * loop), and a request waits there about as long as this timer waits, so its lateness is the
 * queueing delay. A JS timer rather than `monitorEventLoopDelay`: the histogram has no "latest"
 * value and would still need a timer to be read; this gives one sample per loop turn when
 * saturated, at the moment the decision matters.
 * @internal
 */
export class LoopDelaySampler {
  private timer: NodeJS.Timeout | undefined;
  private due = 0;

  constructor(
    private readonly periodMs: number,
    private readonly sink: DelaySink,
  ) {}

  start(): void {
    if (this.timer) return;
    this.arm(performance.now());
  }

  stop(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(now: number): void {
    this.due = now + this.periodMs;
    // unref: sampling must never keep a process alive that is otherwise done.
    this.timer = setTimeout(this.tick, this.periodMs).unref();
  }

  private readonly tick = (): void => {
    const now = performance.now();
    this.sink(Math.max(0, now - this.due), now);
    this.arm(now);
  };
}
