import type { Consumer } from 'kafkajs';

/**
 * Tells the consumer that a handler's downstream cannot take more work (pool exhausted, breaker
 * open). Polled; while it returns true the server pauses the main topics, then resumes them.
 * @example
 * ```ts
 * const backpressure: BackpressureSignal = { isSaturated: () => breaker.state === CircuitState.Open };
 * ```
 * @publicApi
 */
export interface BackpressureSignal {
  /** `topic` is the main topic (retry topics are paused by their due times instead). */
  isSaturated(topic: string): boolean;
}

/**
 * Polls a {@link BackpressureSignal} and pauses/resumes topics on change. Pausing stops fetching
 * but keeps the member in the group (heartbeats continue), so no rebalance is triggered.
 */
export class BackpressureValve {
  private timer?: NodeJS.Timeout;
  private consumer?: Consumer;
  private readonly paused = new Set<string>();

  constructor(
    private readonly signal: BackpressureSignal | undefined,
    private readonly pollMs: number,
  ) {}

  /** True when `topic` should not be consumed right now (checked again between chunks). */
  isSaturated(topic: string): boolean {
    return this.signal?.isSaturated(topic) ?? false;
  }

  /** Starts polling for `topics` of `consumer`; no-op without a signal. */
  start(consumer: Consumer, topics: readonly string[]): void {
    if (!this.signal) return;
    this.consumer = consumer;
    this.timer = setInterval(() => this.poll(consumer, topics), this.pollMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  /** Pauses `topic` now (used when a batch stops early) so the poller can resume it later. */
  pauseNow(topic: string): void {
    this.paused.add(topic);
    this.consumer?.pause([{ topic }]);
  }

  private poll(consumer: Consumer, topics: readonly string[]): void {
    try {
      this.apply(consumer, topics);
    } catch {
      // kafkajs refuses pause/resume before `run()` set up the group; the next poll retries.
    }
  }

  private apply(consumer: Consumer, topics: readonly string[]): void {
    for (const topic of topics) {
      const saturated = this.isSaturated(topic);
      if (saturated && !this.paused.has(topic)) this.pauseNow(topic);
      else if (!saturated && this.paused.delete(topic)) consumer.resume([{ topic }]);
    }
  }
}
