import { Logger } from '@nestjs/common';
import { ServerKafka, type KafkaOptions } from '@nestjs/microservices';
import type { Consumer, Kafka } from 'kafkajs';
import { resolveRetryPolicy } from '../retry/retry-policy';
import { getRetryPolicyExtra } from '../retry/retry-policy.decorator';
import { BackpressureValve } from './backpressure';
import { KafkaConsumerMetrics } from './consumer-metrics';
import {
  type DirectInvocationTarget,
  getDirectInvocationExtra,
} from './direct-invocation.decorator';
import {
  createDirectInvoker,
  DirectInvocationError,
  type HandlerDiscovery,
} from './direct-invoker';
import type { ResolvedKafkaOptions } from './kafka-options';
import type { KafkaInvoker, KafkaRoute } from './message-pipeline';
import { PartitionBatchHandler } from './partition-batch.handler';
import { retryTopicName } from './retry-topics';
import { StickyAssignment } from './sticky-assigner';
import { ensureTopicFamilies } from './topic-provisioner';
import { SAFE_PRODUCER_CONFIG } from './kafka-client';
import { kafkaLogCreator } from './kafka-log';
import { createMessagePipeline } from '../tracing/traced-message-pipeline';

/**
 * Nest's Kafka transport with what Bulwark needs on top. It subclasses `ServerKafka` (client,
 * producer, status events, handler registry and `@EventPattern` discovery stay Nest's) and replaces
 * only `bindEvents`, because the stock server runs `eachMessage` with auto-commit, ignores handler
 * failures unless they are `KafkaRetriableException` (which blocks the partition), and expects
 * Nest's `{ pattern, data }` envelope. Here: `eachBatch` with manual commits after each handled
 * chunk, non-blocking retry topics and a DLQ per `@RetryPolicy`, due-time pausing of retry
 * partitions, backpressure pauses and a sticky assigner.
 * @example
 * ```ts
 * app.connectMicroservice({ strategy: app.get(KafkaServer) });
 * await app.startAllMicroservices();
 * ```
 * @publicApi
 */
export class KafkaServer extends ServerKafka {
  protected override logger = new Logger(KafkaServer.name);
  private readonly routes = new Map<string, KafkaRoute>();
  private readonly valve: BackpressureValve;
  private readonly batches: PartitionBatchHandler;

  constructor(
    private readonly settings: ResolvedKafkaOptions,
    /** This member's sticky-assignment state (read it to see what the member owns). */
    readonly sticky: StickyAssignment = new StickyAssignment(),
    /** Nest's container as `@DirectInvocation()` handlers need it (the module passes it). */
    private readonly discovery?: HandlerDiscovery,
  ) {
    super(toNestOptions(settings, sticky));
    this.valve = new BackpressureValve(settings.backpressure, settings.backpressurePollMs);
    const pipeline = createMessagePipeline({
      route: (topic) => this.routes.get(topic),
      consumer: () => this.consumer as unknown as Consumer,
      producer: () => this.producer as unknown as import('kafkajs').Producer,
      fallbackPolicy: settings.retry,
      metrics: new KafkaConsumerMetrics(settings.registry),
    });
    this.batches = new PartitionBatchHandler(pipeline, this.valve, settings);
  }

  /**
   * Resolves the routes before anything connects, so a handler that cannot run as declared
   * (`@DirectInvocation()` refused) stops the start-up without a half-open client.
   */
  override async listen(callback: (error?: unknown) => void): Promise<void> {
    try {
      this.collectRoutes();
    } catch (error) {
      return callback(error);
    }
    return super.listen(callback);
  }

  /** Subscribes each handler's topic and its retry topics, then consumes with `eachBatch`. */
  override async bindEvents(consumer: Consumer): Promise<void> {
    await this.provisionTopics();
    const main = [...this.routes.keys()];
    const retries = [...this.routes].flatMap(([topic, r]) =>
      r.policy.delaysMs.map((_, i) => retryTopicName(topic, i + 1)),
    );
    if (main.length === 0) return;
    await consumer.subscribe({
      topics: [...main, ...retries],
      fromBeginning: this.settings.fromBeginning,
    });
    this.valve.start(consumer, main);
    await consumer.run({
      autoCommit: false,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: this.settings.partitionsConsumedConcurrently,
      eachBatch: (payload) => this.batches.handle(payload),
    });
  }

  override async close(): Promise<void> {
    this.valve.stop();
    this.batches.stop();
    await super.close();
  }

  /** The kafkajs client once listening (for admin tools sharing the connection settings). */
  getClient(): Kafka | null {
    return this.client as unknown as Kafka | null;
  }

  /** Main topics with a handler (lag monitoring reads this). */
  getTopics(): string[] {
    return [...this.routes.keys()];
  }

  /** Retry stages (1-based) of a main topic. */
  getRetryStages(topic: string): number[] {
    return (this.routes.get(topic)?.policy.delaysMs ?? []).map((_, i) => i + 1);
  }

  /** Group of this server's consumer. */
  getGroupId(): string {
    return this.groupId;
  }

  protected override registerConsumerEventListeners(): void {
    super.registerConsumerEventListeners();
    if (this.consumer) this.sticky.attach(this.consumer as unknown as Consumer);
  }

  private collectRoutes(): void {
    this.routes.clear();
    for (const [pattern, handler] of this.messageHandlers) {
      if (typeof pattern !== 'string') continue;
      const fromHandler = getRetryPolicyExtra(handler.extras);
      const policy = fromHandler
        ? resolveRetryPolicy(fromHandler, this.settings.retry)
        : this.settings.retry;
      const direct = getDirectInvocationExtra(handler.extras);
      const invoke = direct ? this.directInvoker(pattern, direct, !!handler.next) : handler;
      this.routes.set(pattern, { invoke, policy });
    }
  }

  /** The direct call of a `@DirectInvocation()` handler, announced in the start-up log. */
  private directInvoker(
    pattern: string,
    direct: DirectInvocationTarget,
    chained: boolean,
  ): KafkaInvoker {
    if (!this.discovery) {
      throw new DirectInvocationError(
        `'${pattern}' is marked @DirectInvocation(), but this KafkaServer was built without ` +
          "Nest's container: use the instance KafkaMessagingModule provides (app.get(KafkaServer))",
      );
    }
    const invoke = createDirectInvoker(pattern, direct, this.discovery.controllers, chained);
    const name = `'${pattern}' → ${direct.controller.name}.${String(direct.method)}`;
    const globals = [...new Set(this.discovery.globalEnhancerProviders())];
    // Global enhancers cannot be told apart from ones that do not reach this server (a hybrid
    // app's own, without inheritAppConfig), so they get a warning rather than a refusal.
    if (globals.length > 0) {
      this.logger.warn(
        `${name} is invoked directly (@DirectInvocation): the app registers ${globals.join(', ')} ` +
          'providers, which do not run for it',
      );
    } else {
      this.logger.log(
        `${name} is invoked directly (@DirectInvocation): global guards, interceptors, pipes ` +
          'and filters (useGlobal*) do not apply to it',
      );
    }
    return invoke;
  }

  private async provisionTopics(): Promise<void> {
    const admin = (this.client as unknown as Kafka).admin();
    await admin.connect();
    try {
      const families = [...this.routes].map(([topic, r]) => ({
        topic,
        retryStages: r.policy.delaysMs.length,
        dlq: r.policy.dlq,
      }));
      await ensureTopicFamilies(admin, families);
    } finally {
      await admin.disconnect();
    }
  }
}

/** Maps resolved options onto the stock server's; `postfixId: ''` keeps the group id as given. */
function toNestOptions(s: ResolvedKafkaOptions, sticky: StickyAssignment) {
  const assigners = s.partitionAssigners ?? [sticky.assigner];
  const options: Required<KafkaOptions>['options'] = {
    postfixId: '',
    client: {
      brokers: s.brokers,
      clientId: s.clientId,
      logLevel: s.logLevel,
      logCreator: kafkaLogCreator(KafkaServer.name),
      retry: { retries: s.clientRetries, initialRetryTime: 100 },
    },
    consumer: {
      groupId: s.groupId,
      sessionTimeout: s.sessionTimeoutMs,
      heartbeatInterval: s.heartbeatIntervalMs,
      rebalanceTimeout: s.rebalanceTimeoutMs,
      maxWaitTimeInMs: s.maxWaitTimeMs,
      // Nest copies kafkajs's types into its own interface; the shapes are the same.
      partitionAssigners: [...assigners] as unknown as NonNullable<
        Required<KafkaOptions>['options']['consumer']
      >['partitionAssigners'],
    },
    // Retry/DLQ copies must not be lost or duplicated by producer retries.
    producer: { ...SAFE_PRODUCER_CONFIG },
  };
  return options;
}
