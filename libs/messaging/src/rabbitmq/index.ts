// `@bulwark/messaging/rabbitmq`: the RabbitMQ transport. Only this entry point loads amqplib.
export { RabbitMqMessagingModule } from './rabbitmq-messaging.module';
export { RABBITMQ_MESSAGING_MODULE_OPTIONS } from './rabbitmq-messaging.module-definition';
export type {
  RabbitMqMessagingOptions,
  RabbitMqExchangeOptions,
  RabbitMqQueueOptions,
} from './rabbitmq-options.interface';
export { resolveRabbitMqOptions, type ResolvedRabbitMqOptions } from './rabbitmq-options';
export { RabbitMqServer } from './rabbitmq-server';
export {
  RabbitMqMessageContext,
  type RabbitMqMessageContextArgs,
} from './rabbitmq-message.context';
export { RabbitMqPublisher } from './rabbitmq-publisher';
export type { RabbitMqPublishOptions } from './publish.types';
export { RabbitMqOutboxPublisher } from './rabbitmq-outbox.publisher';
export { RabbitMqFailureTarget } from './rabbitmq-failure.target';
export {
  RabbitMqDlqService,
  type RabbitMqDeadLetter,
  type RabbitMqReplayResult,
} from './rabbitmq-dlq.service';
export { RabbitMqHealthIndicator, type RabbitMqPingOptions } from './rabbitmq.health';
export { RabbitMqConnection, type RabbitMqConnectionOptions } from './rabbitmq-connection';
export { RabbitMqMetrics } from './rabbitmq.metrics';
export { assertTopology, dlqName, retryQueueName, queueFamily } from './topology';
