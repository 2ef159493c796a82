import { Injectable } from '@nestjs/common';
import type { OutboxPublisher } from './outbox-publisher.interface';

/**
 * The transports' outbox publishers, one per transport. Each transport module registers its own at
 * module init, and the core's single relay reads them at bootstrap, so one relay claims the rows of
 * every transport the app runs and the core never imports a transport (or its driver).
 * @publicApi
 */
@Injectable()
export class OutboxPublishers {
  private readonly byTransport = new Map<OutboxPublisher['transport'], OutboxPublisher>();

  register(publisher: OutboxPublisher): void {
    if (this.byTransport.has(publisher.transport)) {
      throw new Error(`an outbox publisher for '${publisher.transport}' is already registered`);
    }
    this.byTransport.set(publisher.transport, publisher);
  }

  list(): readonly OutboxPublisher[] {
    return [...this.byTransport.values()];
  }
}
