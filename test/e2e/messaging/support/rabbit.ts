import { Registry } from 'prom-client';
import {
  RabbitMqPublisher,
  RabbitMqConnection,
  RabbitMqMetrics,
  type RabbitMqMessagingOptions,
  resolveRabbitMqOptions,
} from '@bulwark/messaging/rabbitmq';

/** A connected publisher (no Nest) on a vhost, with its own metrics registry. */
export async function connectPublisher(options: RabbitMqMessagingOptions) {
  const resolved = resolveRabbitMqOptions(options);
  const connection = new RabbitMqConnection(resolved);
  const registry = new Registry();
  const metrics = new RabbitMqMetrics(registry);
  const publisher = new RabbitMqPublisher(connection, resolved.publishTimeoutMs, metrics);
  await publisher.start();
  await connection.connect();
  const close = async () => {
    await publisher.close();
    await connection.close();
  };
  return { connection, publisher, metrics, registry, resolved, close };
}

/** Reads one counter value from a registry (0 when never incremented). */
export async function counter(registry: Registry, name: string): Promise<number> {
  const metric = registry.getSingleMetric(`bulwark_rabbitmq_${name}`);
  if (!metric) return 0;
  const { values } = await metric.get();
  return values.reduce((sum, v) => sum + v.value, 0);
}
