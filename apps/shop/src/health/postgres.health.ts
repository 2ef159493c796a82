import { withTimeout } from '@bulwark/common';
import { Injectable } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import { DatabaseService } from '../database/database.service';

/** Postgres is usable: connected, and `SELECT 1` answers within the timeout. Never throws. */
@Injectable()
export class PostgresHealthIndicator {
  constructor(
    private readonly db: DatabaseService,
    private readonly health: HealthIndicatorService,
  ) {}

  async pingCheck<K extends string>(key: K, timeoutMs = 1000): Promise<HealthIndicatorResult<K>> {
    const check = this.health.check(key);
    if (!this.db.isReady) return check.down({ message: `not connected: ${this.db.error}` });
    try {
      // Loop-aware: an answer that arrived while a burst held the event loop is not a timeout
      // (issue 20: a burst of orders must not take the instance out of readiness).
      await withTimeout(this.db.dataSource.query('SELECT 1'), timeoutMs, () => {
        throw new Error(`postgres ping timed out after ${timeoutMs} ms`);
      });
      return check.up();
    } catch (err) {
      return check.down({ message: err instanceof Error ? err.message : String(err) });
    }
  }
}
