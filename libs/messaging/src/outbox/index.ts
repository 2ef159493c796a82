export { OutboxMessage, type OutboxTransport } from './outbox.entity';
export { OutboxService, type OutboxEnvelope } from './outbox.service';
export { OutboxRelay, type OutboxRelayOptions, type OutboxPassResult } from './outbox-relay';
export type { OutboxPublisher, OutboxRecord } from './outbox-publisher.interface';
export { OutboxBacklogMonitor } from './outbox-backlog.monitor';
