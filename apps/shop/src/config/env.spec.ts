import { EnvValidationError, parseEnv } from './env';

describe('parseEnv', () => {
  it('fills defaults for an empty environment (embedded mode)', () => {
    const env = parseEnv({});
    expect(env).toMatchObject({
      PORT: 3000,
      DATABASE_URL: undefined,
      DATABASE_SCHEMA: 'public',
      REDIS_URL: undefined,
      REDIS_KEY_PREFIX: 'shop',
      LOG_LEVEL: 'info',
      SHUTDOWN_TIMEOUT_MS: 10000,
      SHUTDOWN_DELAY_MS: 2000,
      SEED_DEMO: true,
      ORDERS_GROUP_COMMIT: true,
      ORDERS_BATCH_MAX: 500,
      WARM_UP_REQUESTS: 3000,
    });
  });

  it('accepts a full production configuration', () => {
    const env = parseEnv({
      PORT: '8080',
      DATABASE_URL: 'postgres://app@db:5432/shop',
      REDIS_URL: 'redis://cache:6379/0',
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      RABBITMQ_URL: 'amqp://guest:guest@mq:5672',
      ADMIN_TOKEN: 'a-very-long-admin-token',
      LOG_LEVEL: 'WARN',
    });
    expect(env.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092']);
    expect(env.LOG_LEVEL).toBe('warn');
    expect(env.PORT).toBe(8080);
  });

  it.each([
    ['PORT', 'abc', /PORT must be an integer from 0 to 65535 \(got "abc"\)/],
    ['PORT', '70000', /PORT must be an integer/],
    ['DATABASE_URL', 'not a url', /DATABASE_URL must be a URL/],
    ['DATABASE_URL', 'mysql://x:3306/db', /DATABASE_URL must use postgres: or postgresql:/],
    ['REDIS_URL', 'http://x', /REDIS_URL must use redis: or rediss:/],
    ['KAFKA_BROKERS', 'kafka:9092,nohost', /KAFKA_BROKERS .*bad entry "nohost"/],
    ['REDIS_CLUSTER_NODES', 'r1:6379,r2', /REDIS_CLUSTER_NODES .*bad entry "r2"/],
    ['LOG_LEVEL', 'loud', /LOG_LEVEL must be one of/],
    ['ADMIN_TOKEN', 'short', /ADMIN_TOKEN must be at least 16 characters/],
    ['DATABASE_SCHEMA', 'a;drop', /DATABASE_SCHEMA must be a plain identifier/],
    ['SEED_DEMO', 'maybe', /SEED_DEMO must be true or false/],
    ['ORDERS_GROUP_COMMIT', 'sometimes', /ORDERS_GROUP_COMMIT must be true or false/],
    ['ORDERS_BATCH_MAX', '0', /ORDERS_BATCH_MAX must be an integer from 1 to 10000/],
  ])('rejects %s=%s with one line naming the variable', (name, value, message) => {
    let error: unknown;
    try {
      parseEnv({ [name]: value });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(EnvValidationError);
    expect((error as EnvValidationError).variable).toBe(name);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses embedded backends under NODE_ENV=production, naming each missing variable', () => {
    expect(() => parseEnv({ NODE_ENV: 'production', REDIS_URL: 'redis://cache:6379' })).toThrow(
      /^Invalid configuration: DATABASE_URL, KAFKA_BROKERS must be set when NODE_ENV=production/,
    );
    expect(() =>
      parseEnv({
        NODE_ENV: 'production',
        DATABASE_URL: 'postgres://app@db:5432/shop',
        REDIS_URL: 'redis://cache:6379/0',
        KAFKA_BROKERS: 'kafka-1:9092',
      }),
    ).not.toThrow();
    expect(parseEnv({ NODE_ENV: 'production', ALLOW_EMBEDDED: 'true' }).ALLOW_EMBEDDED).toBe(true);
    expect(() => parseEnv({ NODE_ENV: 'development' })).not.toThrow();
  });

  it('takes REDIS_CLUSTER_NODES as the Redis of production, but not together with REDIS_URL', () => {
    const cluster = 'redis-0:6379, redis-1:6379,redis-2:6379';
    const env = parseEnv({
      NODE_ENV: 'production',
      DATABASE_URL: 'postgres://app@db:5432/shop',
      REDIS_CLUSTER_NODES: cluster,
      KAFKA_BROKERS: 'kafka-1:9092',
    });
    expect(env.REDIS_CLUSTER_NODES).toEqual(['redis-0:6379', 'redis-1:6379', 'redis-2:6379']);
    expect(() =>
      parseEnv({ REDIS_URL: 'redis://cache:6379', REDIS_CLUSTER_NODES: cluster }),
    ).toThrow(
      'Invalid configuration: REDIS_CLUSTER_NODES and REDIS_URL are exclusive: set REDIS_CLUSTER_NODES for a Redis Cluster, REDIS_URL for one Redis',
    );
  });

  it('rejects a shutdown delay that leaves no time to drain', () => {
    expect(() => parseEnv({ SHUTDOWN_TIMEOUT_MS: '1500' })).toThrow(
      'Invalid configuration: SHUTDOWN_DELAY_MS must be less than SHUTDOWN_TIMEOUT_MS (1500) (got "2000")',
    );
    expect(
      parseEnv({ SHUTDOWN_TIMEOUT_MS: '1500', SHUTDOWN_DELAY_MS: '0' }).SHUTDOWN_DELAY_MS,
    ).toBe(0);
  });

  it('treats blank values as unset', () => {
    expect(parseEnv({ DATABASE_URL: '  ', PORT: '' })).toMatchObject({
      DATABASE_URL: undefined,
      PORT: 3000,
    });
  });
});
