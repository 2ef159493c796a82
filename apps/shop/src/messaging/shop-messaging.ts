import { ConfigService } from '@nestjs/config';
import { KafkaMessagingModule, MessagingModule } from '@bulwark/messaging';
import { ShopEnv } from '../config/env';
import { NOTIFICATIONS } from '../orders/order-events';
import { KafkaBrokers } from './kafka-brokers';
import { KafkaBrokersModule } from './kafka-brokers.module';

/**
 * The shop's messaging: the core (outbox, inbox) with RabbitMQ when RABBITMQ_URL is set, and Kafka
 * (consumer group `shop`, outbox relay for `orders.created`) on KAFKA_BROKERS or the embedded broker.
 */
export const shopMessagingModules = [
  KafkaBrokersModule,
  MessagingModule.forRootAsync({
    inject: [ConfigService],
    useFactory: (config: ConfigService<ShopEnv, true>) => {
      const url = config.get('RABBITMQ_URL', { infer: true });
      return {
        rabbitmq: url
          ? {
              url,
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
            }
          : undefined,
        outbox: { relay: Boolean(url) },
      };
    },
  }),
  KafkaMessagingModule.forRootAsync({
    imports: [KafkaBrokersModule],
    inject: [KafkaBrokers],
    useFactory: async (brokers: KafkaBrokers) => ({
      brokers: await brokers.brokers(),
      clientId: 'shop',
      groupId: 'shop',
      outbox: { relay: true },
    }),
  }),
];
