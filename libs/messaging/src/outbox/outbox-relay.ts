import { Logger } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { OutboxMessage, type OutboxTransport } from './outbox.entity';
import type { OutboxPublisher, OutboxRecord } from './outbox-publisher.interface';
import { claimBatch, findBlockedKeys, markFailed, markSent, pruneSent } from './outbox.sql';
import { sleep } from '../utils/sleep';
import { tracedOutboxPublisher } from '../tracing/traced-outbox-publisher';

/** Relay settings, all in milliseconds; see `MessagingModuleOptions.outbox` for defaults. */
export interface OutboxRelayOptions {
  readonly batchSize: number;
  readonly pollIntervalMs: number;
  readonly maxBackoffMs: number;
  readonly retentionMs: number;
  readonly pruneIntervalMs: number;
}

/** What one pass did; `runOnce()` returns it so tests and metrics can count. */
export interface OutboxPassResult {
  readonly claimed: number;
  readonly sent: number;
  readonly failed: number;
  readonly deferred: number;
}

type ClaimedRow = OutboxRecord & { readonly transport: OutboxTransport };

/**
 * Moves committed outbox rows to their broker. Any number of instances may run: each pass claims a
 * batch with `FOR UPDATE SKIP LOCKED`, so a row is owned by one relay at a time, and the row is
 * marked sent in the same transaction only after the broker confirmed it. A crash between confirm
 * and commit re-sends the row (at-least-once; consumers deduplicate on `x-message-id`).
 * @publicApi
 */
export class OutboxRelay {
  private readonly logger = new Logger(OutboxRelay.name);
  private readonly publishers: ReadonlyMap<OutboxTransport, OutboxPublisher>;
  private running?: Promise<void>;
  private stopped = true;
  private wake?: () => void;
  private failures = 0;
  private lastPruneAt = 0;

  constructor(
    private readonly dataSource: DataSource,
    publishers: readonly OutboxPublisher[],
    private readonly options: OutboxRelayOptions,
  ) {
    this.publishers = new Map(publishers.map((p) => [p.transport, tracedOutboxPublisher(p)]));
  }

  /** Starts the polling loop; a second call is a no-op. */
  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  /** Stops polling and waits for the pass in progress to commit. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    await this.running;
    this.running = undefined;
  }

  /** One claim → publish → mark pass; public so tests can drive the relay step by step. */
  async runOnce(): Promise<OutboxPassResult> {
    const table = this.dataSource.getMetadata(OutboxMessage).tablePath;
    return this.dataSource.transaction(async (manager) => {
      const rows = await claimBatch<ClaimedRow>(
        manager,
        table,
        [...this.publishers.keys()],
        this.options.batchSize,
      );
      if (rows.length === 0) return { claimed: 0, sent: 0, failed: 0, deferred: 0 };
      const blocked = await findBlockedKeys(
        manager,
        table,
        rows.map((r) => r.id),
      );
      const chains = this.chainsByKey(rows.filter((r) => !blocked.has(chainKey(r))));
      const sent: string[] = [];
      const failed: Array<{ id: string; error: string }> = [];
      await Promise.all(chains.map((chain) => this.sendChain(chain, sent, failed)));
      await markSent(manager, table, sent);
      await markFailed(manager, table, failed);
      const deferred = rows.length - sent.length - failed.length;
      return { claimed: rows.length, sent: sent.length, failed: failed.length, deferred };
    });
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let delay = this.options.pollIntervalMs;
      try {
        const result = await this.runOnce();
        this.failures = result.failed > 0 ? this.failures + 1 : 0;
        if (this.failures > 0) delay = this.backoffMs();
        else if (result.claimed >= this.options.batchSize) delay = 0;
        await this.maybePrune();
      } catch (error) {
        this.failures++;
        delay = this.backoffMs();
        this.logger.warn(`Outbox pass failed (retry in ${delay} ms): ${String(error)}`);
      }
      if (delay > 0 && !this.stopped) await sleep(delay, (wake) => (this.wake = wake));
    }
  }

  /** Groups rows so that rows sharing a key are sent one after another, in claim order. */
  private chainsByKey(rows: readonly ClaimedRow[]): ClaimedRow[][] {
    const chains = new Map<string, ClaimedRow[]>();
    for (const row of rows) {
      const key = row.key === null ? `id:${row.id}` : chainKey(row);
      const chain = chains.get(key) ?? [];
      chain.push(row);
      chains.set(key, chain);
    }
    return [...chains.values()];
  }

  private async sendChain(
    chain: readonly ClaimedRow[],
    sent: string[],
    failed: Array<{ id: string; error: string }>,
  ) {
    for (const row of chain) {
      try {
        await this.publishers.get(row.transport)!.send(row);
        sent.push(row.id);
      } catch (error) {
        // Stop this key here: a later row of the same key must not overtake the failed one.
        failed.push({ id: row.id, error: error instanceof Error ? error.message : String(error) });
        return;
      }
    }
  }

  /** Exponential backoff with full jitter while the broker keeps refusing. */
  private backoffMs(): number {
    const cap = Math.min(
      this.options.maxBackoffMs,
      this.options.pollIntervalMs * 2 ** this.failures,
    );
    return Math.max(this.options.pollIntervalMs, Math.round(Math.random() * cap));
  }

  private async maybePrune(): Promise<void> {
    const now = Date.now();
    if (now - this.lastPruneAt < this.options.pruneIntervalMs) return;
    this.lastPruneAt = now;
    const table = this.dataSource.getMetadata(OutboxMessage).tablePath;
    await this.dataSource.transaction((manager: EntityManager) =>
      pruneSent(manager, table, this.options.retentionMs),
    );
  }
}

function chainKey(row: ClaimedRow): string {
  return `${row.transport}\u0000${row.destination}\u0000${row.key ?? ''}`;
}
