import { InboxMessage } from './inbox/inbox.entity';
import { OutboxMessage } from './outbox/outbox.entity';

export { MessagingModule } from './messaging.module';
export { MESSAGING_MODULE_OPTIONS } from './messaging.module-definition';
export { resolveMessagingOptions, resolveRabbitMqOptions } from './messaging.options';
export type { ResolvedMessagingOptions, ResolvedRabbitMqOptions } from './messaging.options';
export { MessagingHeaders } from './messaging.headers';
export { MESSAGE_ID_HEADER } from './messaging.constants';
export { toMs, type Duration } from './duration';
export * from './interfaces';
export * from './errors';
export * from './retry';
export * from './outbox';
export * from './inbox';
export * from './rabbitmq';
export * from './health';
export { CreateMessagingTables1764000000000 } from './migrations/create-messaging-tables.migration';

/** Entities to add to the app's TypeORM `entities`. */
export const MESSAGING_ENTITIES = [OutboxMessage, InboxMessage];
export * from './kafka';
export { traceContextHeaders } from './tracing/outbox-trace-context';
