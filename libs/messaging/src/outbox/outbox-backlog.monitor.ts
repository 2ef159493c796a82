import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { gauge } from '@bulwark/common';
import type { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { ResolvedMessagingOptions } from '../messaging.options';
import { MESSAGING_RESOLVED_OPTIONS } from '../messaging.providers';
import { OutboxMessage, type OutboxTransport } from './outbox.entity';
import { readOutboxBacklog } from './outbox-backlog.query';

/** Every transport gets a series, 0 included, so "no backlog" is a value and not a gap. */
const TRANSPORTS: readonly OutboxTransport[] = ['kafka', 'rabbitmq'];

/**
 * `bulwark_outbox_unsent_messages{transport}` and
 * `bulwark_outbox_oldest_unsent_age_seconds{transport}`, refreshed every `outbox.backlogInterval`.
 *
 * Every instance runs the query: it is one grouped count over the unsent-rows partial index, so N
 * instances cost N cheap queries per interval, and an instance never reports nothing because a
 * leader elsewhere died. All instances report the same fleet-wide figure (the table is shared):
 * aggregate with `max by (transport)`, not `sum`. A query runs only after the previous one
 * finished, so a slow database is never queued up against. When the query fails the gauges keep
 * their last values and one warning is logged per outage.
 * @publicApi
 */
@Injectable()
export class OutboxBacklogMonitor implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxBacklog');
  private readonly unsent: Gauge<'transport'>;
  private readonly oldestAge: Gauge<'transport'>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private started = false;
  private failing = false;

  constructor(
    @Inject(MESSAGING_RESOLVED_OPTIONS) private readonly options: ResolvedMessagingOptions,
  ) {
    this.unsent = gauge(options.registry, {
      name: 'bulwark_outbox_unsent_messages',
      help: 'Outbox rows not yet confirmed by their broker, by transport (fleet-wide)',
      labelNames: ['transport'],
    });
    this.oldestAge = gauge(options.registry, {
      name: 'bulwark_outbox_oldest_unsent_age_seconds',
      help: 'Age of the oldest unsent outbox row in seconds, by transport (0 when none)',
      labelNames: ['transport'],
    });
  }

  onApplicationBootstrap(): void {
    // Nest runs bootstrap hooks again when a microservice on the same container starts listening.
    if (this.started || this.options.outbox.backlogIntervalMs <= 0) return;
    this.started = true;
    const dataSource = this.options.dataSource;
    if (!dataSource) {
      this.logger.warn('no `dataSource` option: no outbox backlog metrics');
      return;
    }
    const tick = () => {
      this.running = this.refresh(dataSource).finally(() => {
        this.running = undefined;
        if (!this.started) return;
        this.timer = setTimeout(tick, this.options.outbox.backlogIntervalMs);
        // Metrics must never keep a process alive that is otherwise done.
        this.timer.unref();
      });
    };
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.started = false;
    clearTimeout(this.timer);
    await this.running;
  }

  private async refresh(dataSource: DataSource): Promise<void> {
    // Entity metadata exists only once connected (the app may start with Postgres down).
    if (!dataSource.isInitialized) return;
    if (!dataSource.hasMetadata(OutboxMessage)) {
      this.logger.warn('OutboxMessage is not an entity of the DataSource: no backlog metrics');
      this.started = false;
      return;
    }
    try {
      const table = dataSource.getMetadata(OutboxMessage).tablePath;
      const backlog = await readOutboxBacklog(dataSource, table);
      for (const transport of TRANSPORTS) {
        const row = backlog.find((b) => b.transport === transport);
        this.unsent.set({ transport }, row?.unsent ?? 0);
        this.oldestAge.set({ transport }, row?.oldestAgeSeconds ?? 0);
      }
      if (this.failing) this.logger.log('outbox backlog readable again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) this.logger.warn(`outbox backlog not readable: ${String(error)}`);
      this.failing = true;
    }
  }
}
