import { withTimeout } from '@bulwark/common';
import { Logger } from '@nestjs/common';
import {
  type CustomTransportStrategy,
  type MessageHandler,
  Server,
  Transport,
} from '@nestjs/microservices';
import type { Channel, ChannelModel, ConsumeMessage } from 'amqplib';
import { isObservable, lastValueFrom } from 'rxjs';
import { isPoisonMessageError } from '../errors/poison-message.error';
import { decodeJson, trySettle } from './delivery';
import type { ResolvedQueue, ResolvedRabbitMqOptions } from './rabbitmq-options';
import { deadLetter, retryOrDeadLetter } from '../retry/failure-action';
import { type ResolvedRetryPolicy, resolveRetryPolicy } from '../retry/retry-policy';
import { getRetryPolicyExtra } from '../retry/retry-policy.decorator';
import type { RabbitMqPublisher } from './rabbitmq-publisher';
import type { RabbitMqConnection } from './rabbitmq-connection';
import { RabbitMqFailureTarget } from './rabbitmq-failure.target';
import { RabbitMqMessageContext } from './rabbitmq-message.context';
import type { RabbitMqMetrics } from './rabbitmq.metrics';
import { assertTopology, queueFamily, readQueueDepths } from './topology';

const CONSUMER_RESTART_DELAY_MS = 200;

/**
 * Nest transport for RabbitMQ work queues: `@EventPattern('<queue>')` handlers, manual ack after
 * the handler resolved, TTL retry queues and a DLQ. A custom strategy on Nest's `Server` rather than
 * a `ServerRMQ` subclass because `ServerRMQ` consumes exactly one queue, expects Nest's
 * `{ pattern, data }` envelope (outbox events are plain JSON), and its failure path ends in a log
 * line (the RPC filter swallows the error) with the message nacked without requeue, i.e. lost.
 * @publicApi
 */
export class RabbitMqServer extends Server implements CustomTransportStrategy {
  override readonly transportId = Transport.RMQ;
  protected override readonly logger = new Logger(RabbitMqServer.name);
  private readonly channels = new Set<Channel>();
  /** Consumer tag of each channel's consumer, to cancel it at close. */
  private readonly consumerTags = new Map<Channel, string>();
  /** Deliveries whose handler or ack has not finished; close waits for them. */
  private readonly inFlight = new Set<Promise<void>>();
  private readonly policies = new Map<string, ResolvedRetryPolicy>();
  /** Handler per queue, looked up once: Nest's lookup JSON-parses the pattern and throws per call. */
  private readonly handlers = new Map<string, MessageHandler>();
  private unregister?: () => void;
  private closing = false;
  private removeGauge?: () => void;

  constructor(
    private readonly options: ResolvedRabbitMqOptions,
    private readonly connection: RabbitMqConnection,
    private readonly publisher: RabbitMqPublisher,
    private readonly metrics?: RabbitMqMetrics,
  ) {
    super();
    this.initializeSerializer({});
    this.initializeDeserializer({});
  }

  /** Asserts the topology and starts one consumer per work queue; reports a mismatch once. */
  async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.collectPolicies();
      if (!(await this.connectWithin(this.options.connectTimeoutMs))) {
        this.logger.warn('RabbitMQ unreachable at start; consumers start once it connects');
      }
      await this.publisher.start();
      // Runs now if connected (a topology mismatch rejects here) and after every reconnect.
      this.unregister = await this.connection.onConnect((model) => this.setup(model));
      this.removeGauge = this.metrics?.addSource(this.metrics.queueDepth, () => this.queueDepths());
      callback();
    } catch (error) {
      callback(error);
    }
  }

  /**
   * Stops consuming (basic.cancel: no new deliveries), lets the running handlers finish and settle
   * their deliveries, then closes the channels. Prefetched deliveries no handler took yet go back to
   * their queues with the channels.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.unregister?.();
    this.removeGauge?.();
    await Promise.all(
      [...this.consumerTags].map(([c, tag]) => c.cancel(tag).catch(() => undefined)),
    );
    await Promise.allSettled([...this.inFlight]);
    await Promise.all([...this.channels].map((c) => c.close().catch(() => undefined)));
    this.channels.clear();
    this.consumerTags.clear();
  }

  on(): void {
    throw new Error('RabbitMqServer does not expose broker events; use RabbitMqConnection');
  }

  unwrap<T>(): T {
    return this.connection as T;
  }

  /** A broker that is down at start must not hold the HTTP side of a hybrid app hostage. */
  private connectWithin(ms: number): Promise<boolean> {
    return withTimeout(
      this.connection.connect().then(() => true),
      ms,
      () => false,
    );
  }

  /** The retry policy in force for a queue (handler's `@RetryPolicy`, else the queue's). */
  getRetryPolicy(queue: string): ResolvedRetryPolicy | undefined {
    return this.policies.get(queue);
  }

  private collectPolicies(): void {
    for (const queue of this.consumedQueues()) {
      const handler = this.getHandlerByPattern(queue.name)!;
      this.handlers.set(queue.name, handler);
      const fromHandler = getRetryPolicyExtra(handler.extras);
      this.policies.set(
        queue.name,
        fromHandler ? resolveRetryPolicy(fromHandler, queue.retry) : queue.retry,
      );
    }
    for (const queue of this.options.topology.queues) {
      if (queue.consume && !this.handlers.has(queue.name)) {
        this.logger.warn(
          `Queue '${queue.name}' has no @EventPattern('${queue.name}') handler; not consumed`,
        );
      }
    }
  }

  private consumedQueues(): ResolvedQueue[] {
    return this.options.topology.queues.filter(
      (q) => q.consume && this.getHandlerByPattern(q.name),
    );
  }

  private async setup(model: ChannelModel): Promise<void> {
    this.channels.clear();
    await assertTopology(model, this.options.topology, this.policies);
    for (const queue of this.consumedQueues()) await this.startConsumer(model, queue);
  }

  /**
   * One channel per queue so each has its own prefetch and a channel error stops one consumer
   * only; a channel the broker closes while the connection lives is reopened here (a lost
   * connection is handled by the reconnect setup instead).
   */
  private async startConsumer(model: ChannelModel, queue: ResolvedQueue): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (e: Error) =>
      this.logger.warn(`Consumer channel of ${queue.name}: ${e.message}`),
    );
    channel.on('close', () => {
      this.channels.delete(channel);
      this.consumerTags.delete(channel);
      if (!this.closing && this.connection.isConnected && this.connection.channelModel === model) {
        setTimeout(() => void this.restartConsumer(model, queue), CONSUMER_RESTART_DELAY_MS);
      }
    });
    await channel.prefetch(queue.prefetch);
    this.channels.add(channel);
    const { consumerTag } = await channel.consume(
      queue.name,
      (msg) => msg && this.track(this.handle(msg, channel, queue.name)),
      { noAck: false },
    );
    this.consumerTags.set(channel, consumerTag);
  }

  private async restartConsumer(model: ChannelModel, queue: ResolvedQueue): Promise<void> {
    if (this.closing || !this.connection.isConnected || this.connection.channelModel !== model)
      return;
    await this.startConsumer(model, queue).catch((e: unknown) =>
      this.logger.warn(`Restarting consumer of ${queue.name} failed: ${String(e)}`),
    );
  }

  private track(delivery: Promise<void>): void {
    this.inFlight.add(delivery);
    const done = () => this.inFlight.delete(delivery);
    delivery.then(done, (error: unknown) => {
      done();
      this.logger.error(`Delivery handling failed unexpectedly: ${String(error)}`);
    });
  }

  private async handle(message: ConsumeMessage, channel: Channel, queue: string): Promise<void> {
    const counters = this.metrics?.forQueue(queue);
    counters?.consumed.inc();
    const policy = this.policies.get(queue)!;
    const ctx = new RabbitMqMessageContext([message, channel, queue, policy.attempts]);
    try {
      await this.invoke(this.handlers.get(queue)!, decodeJson(message, queue), ctx);
    } catch (error) {
      return this.onFailure(error, ctx, policy);
    }
    // Outside the try: an ack on a channel that died meanwhile is not a handler failure; the
    // broker redelivers and the inbox turns the repeat into a no-op.
    if (trySettle(() => channel.ack(message))) counters?.acked.inc();
  }

  private async onFailure(
    error: unknown,
    ctx: RabbitMqMessageContext,
    policy: ResolvedRetryPolicy,
  ): Promise<void> {
    const target = new RabbitMqFailureTarget(ctx, policy, this.publisher, this.metrics);
    // Undecodable bodies skip the handler's strategy: no retry can make them decodable.
    const action = isPoisonMessageError(error)
      ? deadLetter
      : (policy.onFailure ?? retryOrDeadLetter);
    await action(target, error).catch((e: unknown) => {
      // The copy could not be confirmed (broker gone): leave the delivery unacked; the broker
      // redelivers it when this channel closes, or we give it back now if the channel lives.
      this.logger.warn(`Failure handling of ${ctx.getMessageId()} failed: ${String(e)}`);
      trySettle(() => ctx.getChannel().nack(ctx.getMessage(), false, true));
    });
  }

  /** Awaits the handler and, when it returns a stream (Nest's error path does), its last value. */
  private async invoke(handler: MessageHandler, data: unknown, ctx: RabbitMqMessageContext) {
    const result: unknown = await handler(data, ctx);
    if (isObservable(result)) await lastValueFrom(result, { defaultValue: undefined });
  }

  private queueDepths(): Promise<Array<[string, number]>> {
    if (!this.connection.isConnected) return Promise.resolve([]);
    const names = this.consumedQueues().flatMap((q) => queueFamily(q, this.policies.get(q.name)));
    return readQueueDepths(this.connection.channelModel, names);
  }
}
