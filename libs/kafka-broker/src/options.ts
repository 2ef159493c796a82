import { consoleWarnLogger, type BrokerLogger } from './logger';

/** Defaults, named as Kafka names the matching broker settings. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PARTITIONS = 1; // num.partitions
/**
 * socket.request.max.bytes (Kafka: 100 MiB). 16 MiB is far above what Bulwark sends (the outbox
 * relay's sendBatch of ≤500 order events is well under 1 MiB; the consumer bench's 1,000 × 1 KiB
 * batches about 1 MiB) yet keeps one declared frame from reserving a sixth of a small machine.
 */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
/**
 * queued.max.request.bytes (Kafka: unbounded). Four maximal frames in flight at once; beyond it
 * connections stop being read until requests are answered, so RSS stays bounded whatever the
 * clients send. Must be at least `maxFrameBytes`, or a maximal frame could never be read.
 */
export const DEFAULT_MAX_BUFFERED_BYTES = 4 * DEFAULT_MAX_FRAME_BYTES;
/**
 * Requests read from one connection and not answered yet. Kafka reads one request per
 * connection at a time; 64 lets clients that pipeline (kafkajs, librdkafka) keep the broker
 * busy, while a client that never reads its answers costs at most 64 small frames.
 */
export const DEFAULT_MAX_QUEUED_REQUESTS = 64;
/**
 * max.connections (Kafka: unbounded). A shop instance with its consumers, producers and admin
 * opens a few dozen; 1,000 leaves room for tests and benches and bounds sockets and buffers.
 */
export const DEFAULT_MAX_CONNECTIONS = 1000;
/** group.min.session.timeout.ms and group.max.session.timeout.ms, Kafka's defaults. */
export const DEFAULT_GROUP_MIN_SESSION_TIMEOUT_MS = 6000;
export const DEFAULT_GROUP_MAX_SESSION_TIMEOUT_MS = 30 * 60 * 1000;
/**
 * No Kafka equivalent: auto-creation (Metadata, Produce) stops once the broker holds this many
 * topics, so a client asking for random names cannot grow it without bound (issue 20: 20k topics
 * in 0.5 s). CreateTopics is not limited by it. 1,000 is about a hundred times what Bulwark uses.
 */
export const DEFAULT_AUTO_CREATE_TOPICS_LIMIT = 1000;
export const DEFAULT_INITIAL_REBALANCE_DELAY_MS = 100; // group.initial.rebalance.delay.ms (Kafka: 3000)
export const DEFAULT_GROUP_TICK_MS = 50;
export const DEFAULT_NODE_ID = 0;

/** Options for {@link startEmbeddedKafka}. */
export interface EmbeddedKafkaOptions {
  /** TCP port; 0 picks a free one (read it back from `broker.port`). @default 0 */
  port?: number;
  /** Address to bind and advertise. @default '127.0.0.1' */
  host?: string;
  /** Directory for segment files and committed offsets; omit to keep everything in memory. */
  dataDir?: string;
  /** Create unknown topics on Metadata or Produce, like `auto.create.topics.enable`. @default true */
  autoCreateTopics?: boolean;
  /** Topic count at which auto-creation stops; unknown topics then stay unknown. @default 1000 */
  autoCreateTopicsLimit?: number;
  /** Partitions of auto-created topics and of CreateTopics with -1. @default 1 */
  defaultPartitions?: number;
  /** Largest request frame; a bigger declared size closes the connection unread. @default 16 MiB */
  maxFrameBytes?: number;
  /** Request bytes held across all connections; reading pauses beyond it. @default 64 MiB */
  maxBufferedBytes?: number;
  /** Unanswered requests per connection before it stops being read. @default 64 */
  maxQueuedRequests?: number;
  /** Open connections; further ones are closed at once. @default 1000 */
  maxConnections?: number;
  /** Smallest JoinGroup session timeout accepted (INVALID_SESSION_TIMEOUT below). @default 6000 */
  groupMinSessionTimeoutMs?: number;
  /** Largest JoinGroup session timeout accepted. @default 1800000 */
  groupMaxSessionTimeoutMs?: number;
  /** Delay before the first generation of an empty group. @default 100 */
  initialRebalanceDelayMs?: number;
  /** Where log lines go. @default warnings and errors to the console */
  logger?: BrokerLogger;
}

/** Fills defaults once and checks they fit together; internal code reads only this. */
export function resolveBrokerOptions(options: EmbeddedKafkaOptions = {}) {
  const maxFrameBytes = options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
  const resolved = Object.freeze({
    port: options.port ?? 0,
    host: options.host ?? DEFAULT_HOST,
    dataDir: options.dataDir ?? null,
    autoCreateTopics: options.autoCreateTopics ?? true,
    autoCreateTopicsLimit: options.autoCreateTopicsLimit ?? DEFAULT_AUTO_CREATE_TOPICS_LIMIT,
    defaultPartitions: options.defaultPartitions ?? DEFAULT_PARTITIONS,
    maxFrameBytes,
    maxBufferedBytes:
      options.maxBufferedBytes ?? Math.max(DEFAULT_MAX_BUFFERED_BYTES, maxFrameBytes),
    maxQueuedRequests: options.maxQueuedRequests ?? DEFAULT_MAX_QUEUED_REQUESTS,
    maxConnections: options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
    groupMinSessionTimeoutMs:
      options.groupMinSessionTimeoutMs ?? DEFAULT_GROUP_MIN_SESSION_TIMEOUT_MS,
    groupMaxSessionTimeoutMs:
      options.groupMaxSessionTimeoutMs ?? DEFAULT_GROUP_MAX_SESSION_TIMEOUT_MS,
    initialRebalanceDelayMs: options.initialRebalanceDelayMs ?? DEFAULT_INITIAL_REBALANCE_DELAY_MS,
    groupTickMs: DEFAULT_GROUP_TICK_MS,
    nodeId: DEFAULT_NODE_ID,
    logger: options.logger ?? consoleWarnLogger,
  });
  // A budget smaller than one frame would mute a connection forever on its first large request.
  if (resolved.maxBufferedBytes < resolved.maxFrameBytes) {
    throw new RangeError(
      `maxBufferedBytes (${resolved.maxBufferedBytes}) must be at least maxFrameBytes (${resolved.maxFrameBytes})`,
    );
  }
  if (resolved.maxQueuedRequests < 1 || resolved.maxConnections < 1) {
    throw new RangeError('maxQueuedRequests and maxConnections must be at least 1');
  }
  return resolved;
}

export type ResolvedBrokerOptions = ReturnType<typeof resolveBrokerOptions>;
