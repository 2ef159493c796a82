import { EventLoopUtilization, performance } from 'node:perf_hooks';
import type { LoopSample } from './admission-controller';

/**
 * Samples the event loop with a timer that re-arms itself every `periodMs`: how late it fired
 * (in Node the request queue is invisible, kernel socket buffers in front of one loop, and a
 * request waits there about as long as this timer does) and how busy the loop was meanwhile
 * (`eventLoopUtilization`: below 1 the loop found nothing to do at some point, so its queue
 * emptied), and the CPU time the process used meanwhile. A JS timer rather than `monitorEventLoopDelay`: the histogram has no "latest" value
 * and would still need a timer to be read; this one samples once per loop turn when saturated,
 * at the moment the decision matters.
 * @internal
 */
export class LoopSampler {
  private timer: NodeJS.Timeout | undefined;
  private due = 0;
  private lastUtilization: EventLoopUtilization | undefined;
  private lastCpu: NodeJS.CpuUsage | undefined;

  constructor(
    private readonly periodMs: number,
    private readonly sink: (sample: LoopSample) => void,
    /** Wait of the oldest request queued in user space (the pacer's), ms. */
    private readonly queueDelayMs: () => number = () => 0,
  ) {}

  start(): void {
    if (this.timer) return;
    this.lastUtilization = performance.eventLoopUtilization();
    this.lastCpu = process.cpuUsage();
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
    const atMs = performance.now();
    const total = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(total, this.lastUtilization);
    this.lastUtilization = total;
    // Whole-process CPU (GC and pool threads included): Node 20 has no per-thread reading.
    const cpu = process.cpuUsage(this.lastCpu);
    this.lastCpu = process.cpuUsage();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    // Paced, a turn stays short however long the queue: the queue's wait is the delay then.
    const delayMs = Math.max(0, atMs - this.due, this.queueDelayMs());
    this.sink({ delayMs, utilization, cpuMs, atMs });
    this.arm(atMs);
  };
}
