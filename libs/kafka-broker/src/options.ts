import { consoleWarnLogger, type BrokerLogger } from './logger';

/** Defaults, named as Kafka names the matching broker settings. */
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PARTITIONS = 1; // num.partitions
export const DEFAULT_MAX_FRAME_BYTES = 100 * 1024 * 1024; // socket.request.max.bytes
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
  /** Partitions of auto-created topics and of CreateTopics with -1. @default 1 */
  defaultPartitions?: number;
  /** Largest request frame accepted; bigger ones close the connection. @default 104857600 */
  maxFrameBytes?: number;
  /** Delay before the first generation of an empty group. @default 100 */
  initialRebalanceDelayMs?: number;
  /** Where log lines go. @default warnings and errors to the console */
  logger?: BrokerLogger;
}

/** Fills defaults once; internal code reads only this. */
export function resolveBrokerOptions(options: EmbeddedKafkaOptions = {}) {
  return Object.freeze({
    port: options.port ?? 0,
    host: options.host ?? DEFAULT_HOST,
    dataDir: options.dataDir ?? null,
    autoCreateTopics: options.autoCreateTopics ?? true,
    defaultPartitions: options.defaultPartitions ?? DEFAULT_PARTITIONS,
    maxFrameBytes: options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES,
    initialRebalanceDelayMs: options.initialRebalanceDelayMs ?? DEFAULT_INITIAL_REBALANCE_DELAY_MS,
    groupTickMs: DEFAULT_GROUP_TICK_MS,
    nodeId: DEFAULT_NODE_ID,
    logger: options.logger ?? consoleWarnLogger,
  });
}

export type ResolvedBrokerOptions = ReturnType<typeof resolveBrokerOptions>;
