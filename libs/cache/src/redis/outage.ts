import type { Logger } from '@nestjs/common';
import { withTimeout } from '@bulwark/common';
import { RedisTimeoutError } from './redis-timeout.error';

/**
 * Remembers whether Redis is currently failing so an outage is logged once when it starts and
 * once when it ends, not once per request (a hot key at 10k rps would otherwise flood the log).
 */
export class OutageTracker {
  #down = false;
  #since = 0;

  /**
   * @param commandTimeout budget of each tracked call, judged loop-aware (see `withTimeout` of
   *   `@bulwark/common`); `0` leaves timing to the client.
   */
  constructor(
    private readonly logger: Logger,
    private readonly onChange?: (down: boolean) => void,
    private readonly commandTimeout = 0,
  ) {}

  get isDown(): boolean {
    return this.#down;
  }

  fail(err: unknown): void {
    if (this.#down) return;
    this.#down = true;
    this.#since = Date.now();
    const msg = err instanceof Error ? err.message : String(err);
    this.logger.error(`Redis unavailable (${msg}); serving from L1 + in-process single-flight`);
    this.onChange?.(true);
  }

  ok(): void {
    if (!this.#down) return;
    this.#down = false;
    this.logger.log(`Redis back after ${Date.now() - this.#since} ms`);
    this.onChange?.(false);
  }

  /** Runs a Redis call within the command budget, recording the outcome; errors still propagate. */
  async track<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const call = fn();
      const result = await (this.commandTimeout > 0
        ? withTimeout(call, this.commandTimeout, () => {
            throw new RedisTimeoutError(this.commandTimeout);
          })
        : call);
      this.ok();
      return result;
    } catch (err) {
      this.fail(err);
      throw err;
    }
  }
}
