/** @internal Logged once when the module is imported with `enabled: false`. */
export const RABBITMQ_DISABLED_MESSAGE = 'RabbitMQ transport is off (`enabled: false`)';

/** RabbitMQ defaults. */
export const RABBITMQ_DEFAULT_PREFETCH = 50;
export const RABBITMQ_DEFAULT_PUBLISH_TIMEOUT = '10s';
export const RABBITMQ_DEFAULT_CONNECT_TIMEOUT = '5s';
export const RABBITMQ_DEFAULT_RECONNECT_MIN = '100ms';
export const RABBITMQ_DEFAULT_RECONNECT_MAX = '5s';
export const RABBITMQ_DEFAULT_HEARTBEAT_SECONDS = 10;
export const RABBITMQ_METRICS_PREFIX = 'bulwark_rabbitmq_';
