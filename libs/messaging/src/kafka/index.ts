// `@bulwark/messaging/kafka`: the Kafka transport. Only this entry point loads kafkajs.
export { KafkaMessagingModule } from './kafka-messaging.module';
export { KAFKA_MESSAGING_MODULE_OPTIONS } from './kafka-messaging.module-definition';
export type { KafkaMessagingOptions, KafkaLagOptions } from './kafka-options.interface';
export { resolveKafkaOptions, type ResolvedKafkaOptions } from './kafka-options';
export { KafkaMessagingHeaders, KAFKA_LAG_METRIC } from './kafka.constants';
export { KafkaServer } from './kafka-server';
export {
  DirectInvocation,
  DIRECT_INVOCATION_EXTRA,
  getDirectInvocationExtra,
  type DirectInvocationTarget,
} from './direct-invocation.decorator';
export { DirectInvocationError } from './direct-invoker';
export type { KafkaInvoker } from './message-pipeline';
export { KafkaMessageContext, type KafkaMessageContextArgs } from './kafka-message.context';
export { KafkaOutboxPublisher } from './kafka-outbox.publisher';
export { KafkaFailureTarget } from './kafka-failure.target';
export { retryTopicName, dlqTopicName, parseRetryTopic } from './retry-topics';
export type { BackpressureSignal } from './backpressure';
export { StickyAssignment, STICKY_ASSIGNER_NAME } from './sticky-assigner';
export { assignSticky, type StickyMember, type TopicPartitions } from './sticky-assignment';
export { KafkaLagMonitor, type PartitionLag } from './lag-monitor';
export { KafkaHealthIndicator, type KafkaHealthOptions } from './kafka.health';
export { KafkaConsumerGroupHealthIndicator } from './kafka-consumer-group.health';
export {
  KafkaDlqService,
  type KafkaDeadLetter,
  type DlqPosition,
  type KafkaReplayResult,
} from './kafka-dlq.service';
export { DEAD_LETTER_MAX_DEPTH } from '../messaging.constants';
