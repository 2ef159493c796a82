export { RabbitConnection, type RabbitConnectionOptions } from './connection';
export { ConfirmPublisher, type RabbitPublishOptions } from './confirm-publisher';
export { RabbitMqServer } from './rmq-server';
export { RabbitMessageContext, type RabbitContextArgs } from './rabbit-message.context';
export { RabbitDlqService, type DeadLetter, type ReplayResult } from './dlq.service';
export { RabbitMetrics } from './rabbitmq.metrics';
export { RabbitOutboxPublisher } from './rabbitmq-outbox.publisher';
export { assertTopology, dlqName, retryQueueName, queueFamily } from './topology';
