export { RabbitConnection, type RabbitConnectionOptions } from './connection';
export { ConfirmPublisher } from './confirm-publisher';
export type { RabbitPublishOptions } from './publish.types';
export { RabbitMqServer } from './rmq-server';
export { RabbitMessageContext, type RabbitContextArgs } from './rabbit-message.context';
export { RabbitDlqService, type DeadLetter, type ReplayResult } from './dlq.service';
export { RabbitMetrics } from './rabbitmq.metrics';
export { RabbitOutboxPublisher } from './rabbitmq-outbox.publisher';
export { assertTopology, dlqName, retryQueueName, queueFamily } from './topology';
