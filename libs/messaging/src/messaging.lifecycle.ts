import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { ResolvedMessagingOptions } from './messaging.options';
import { MESSAGING_RESOLVED_OPTIONS } from './messaging.providers';
import { OutboxRelay } from './outbox/outbox-relay';
import { OutboxPublishers } from './outbox/outbox-publishers';

/**
 * Runs the app's one outbox relay, fed by the publishers the transport modules registered. It
 * starts at bootstrap (after every module's init, so every transport has registered) and stops
 * before the application-shutdown hooks, where the transports close their publishers: a pass in
 * flight commits its marks while its broker is still there.
 */
@Injectable()
export class MessagingLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private relay?: OutboxRelay;

  constructor(
    @Inject(MESSAGING_RESOLVED_OPTIONS) private readonly options: ResolvedMessagingOptions,
    private readonly publishers: OutboxPublishers,
  ) {}

  onApplicationBootstrap(): void {
    // Nest runs bootstrap hooks again when a microservice on the same container starts listening;
    // a second relay would be orphaned (never stopped) and keep the process alive.
    if (this.relay || !this.options.outbox.relay || !this.options.dataSource) return;
    this.relay = new OutboxRelay(
      this.options.dataSource,
      this.publishers.list(),
      this.options.outbox,
    );
    this.relay.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.relay?.stop();
  }
}
