import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { MessagingModule } from '@bulwark/messaging';
import { KafkaMessagingModule } from '@bulwark/messaging/kafka';
import { RabbitMqMessagingModule } from '@bulwark/messaging/rabbitmq';
import { ShopEnv } from '../config/env';
import { NOTIFICATIONS } from '../orders/order-events';
import { KafkaBrokers } from './kafka-brokers';
import { KafkaBrokersModule } from './kafka-brokers.module';

/**
 * The shop's messaging: the core (outbox, inbox, the one outbox relay), Kafka (consumer group
 * `shop`, `orders.created`) on KAFKA_BROKERS or the embedded broker, and RabbitMQ when
 * RABBITMQ_URL is set (imported either way with `enabled`, so the module graph does not depend on
 * the environment and the DLQ admin and readiness can say "off").
 */
export const shopMessagingModules = [
  KafkaBrokersModule,
  MessagingModule.forRootAsync({
    inject: [DataSource],
    useFactory: (dataSource: DataSource) => ({ dataSource, outbox: { relay: true } }),
  }),
  KafkaMessagingModule.forRootAsync({
    imports: [KafkaBrokersModule],
    inject: [KafkaBrokers],
    useFactory: async (brokers: KafkaBrokers) => ({
      brokers: await brokers.brokers(),
      clientId: 'shop',
      groupId: 'shop',
    }),
  }),
  RabbitMqMessagingModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService<ShopEnv, true>) => {
      const url = config.get('RABBITMQ_URL', { infer: true });
      return {
        enabled: Boolean(url),
        url: url ?? '',
        topology: {
          exchanges: [{ name: NOTIFICATIONS, type: 'topic' as const }],
          queues: [
            {
              name: NOTIFICATIONS,
              prefetch: 50,
              bindings: [{ exchange: NOTIFICATIONS, routingKey: 'order.*' }],
            },
          ],
        },
      };
    },
  }),
];
