export { startEmbeddedKafka, EmbeddedKafka } from './server';
export type { EmbeddedKafkaOptions } from './options';
export type { BrokerLogger } from './logger';
export { consoleLogger, consoleWarnLogger } from './logger';
