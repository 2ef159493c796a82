export { RabbitMqHealthIndicator, type RabbitMqPingOptions } from './rabbitmq.health';
