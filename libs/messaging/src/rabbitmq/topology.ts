import type { Channel, ChannelModel } from 'amqplib';
import { TopologyMismatchError } from '../errors/topology-mismatch.error';
import type { ResolvedRetryPolicy } from '../retry/retry-policy';
import type { ResolvedQueue, ResolvedTopology } from './rabbitmq-options';

/** Name of retry stage `n` (1-based) of a work queue. */
export const retryQueueName = (queue: string, n: number): string => `${queue}.retry.${n}`;

/** Name of a work queue's dead-letter queue. */
export const dlqName = (queue: string): string => `${queue}.dlq`;

/** Every queue a work queue brings with it: itself, its retry stages, its DLQ. */
export function queueFamily(queue: ResolvedQueue, retry = queue.retry): string[] {
  const stages = retry.delaysMs.map((_, i) => retryQueueName(queue.name, i + 1));
  return [queue.name, ...stages, ...(retry.dlq ? [dlqName(queue.name)] : [])];
}

/**
 * Declares exchanges, work queues, bindings, DLQs and (when `retryPolicies` is given, i.e. by the
 * consumer side that knows the handlers' policies) the TTL retry queues. Retry queues dead-letter
 * through the default exchange straight back to their work queue rather than through the work
 * exchange: re-routing by the original key would also copy the message into every other queue
 * bound to that key. A 406 becomes one {@link TopologyMismatchError}.
 */
export async function assertTopology(
  model: ChannelModel,
  topology: ResolvedTopology,
  retryPolicies?: ReadonlyMap<string, ResolvedRetryPolicy>,
): Promise<void> {
  const channel = await model.createChannel();
  // A 406 closes the channel with an 'error' event too; the rejected call below reports it.
  channel.on('error', () => undefined);
  try {
    for (const ex of topology.exchanges) {
      await guard(`exchange '${ex.name}'`, () =>
        channel.assertExchange(ex.name, ex.type, { durable: true }),
      );
    }
    for (const queue of topology.queues) {
      await assertWorkQueue(channel, queue, retryPolicies?.get(queue.name));
    }
  } finally {
    await channel.close().catch(() => undefined);
  }
}

async function assertWorkQueue(
  channel: Channel,
  queue: ResolvedQueue,
  retry: ResolvedRetryPolicy | undefined,
): Promise<void> {
  const type = { 'x-queue-type': queue.type };
  await assertQueue(channel, queue.name, { ...type, ...queue.arguments });
  for (const binding of queue.bindings) {
    await guard(`binding of '${queue.name}'`, () =>
      channel.bindQueue(queue.name, binding.exchange, binding.routingKey),
    );
  }
  const policy = retry ?? queue.retry;
  if (policy.dlq) await assertQueue(channel, dlqName(queue.name), type);
  if (!retry) return;
  for (const [i, ttl] of retry.delaysMs.entries()) {
    await assertQueue(channel, retryQueueName(queue.name, i + 1), {
      ...type,
      'x-message-ttl': ttl,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': queue.name,
    });
  }
}

function assertQueue(channel: Channel, name: string, args: Record<string, unknown>) {
  return guard(`queue '${name}'`, () =>
    channel.assertQueue(name, { durable: true, arguments: args }),
  );
}

async function guard<T>(entity: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    const code = (error as { code?: number }).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 406 || message.includes('PRECONDITION_FAILED')) {
      throw new TopologyMismatchError(entity, message);
    }
    throw error;
  }
}

/** Ready-message count of each queue (`checkQueue`), read at metrics scrape time. */
export async function readQueueDepths(
  model: ChannelModel,
  names: readonly string[],
): Promise<Array<[string, number]>> {
  const channel = await model.createChannel();
  channel.on('error', () => undefined);
  try {
    const depths: Array<[string, number]> = [];
    for (const name of names) depths.push([name, (await channel.checkQueue(name)).messageCount]);
    return depths;
  } finally {
    await channel.close().catch(() => undefined);
  }
}
