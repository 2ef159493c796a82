/**
 * The shop's configuration, read from environment variables and validated once at start.
 *
 * Validation is hand-rolled rather than a class-validator schema: the rule is "one clear line naming
 * the variable", and a small table of parsers gives exactly that message with no stack trace.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
export const LOG_FORMATS = ['json', 'pretty', 'auto'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface ShopEnv {
  /** HTTP port. @default 3000 */
  readonly PORT: number;
  /** `postgres://…`; unset → embedded PostgreSQL (PGlite, in memory unless PGLITE_DATA_DIR). */
  readonly DATABASE_URL?: string;
  /** Postgres schema the app lives in (tests use one each). @default 'public' */
  readonly DATABASE_SCHEMA: string;
  /** Run pending migrations at start. @default true */
  readonly DATABASE_MIGRATIONS_RUN: boolean;
  /** Directory for a persistent embedded database; unset → in memory. */
  readonly PGLITE_DATA_DIR?: string;
  /** `redis://…` of one Redis; unset (and no REDIS_CLUSTER_NODES) → in-process store. */
  readonly REDIS_URL?: string;
  /**
   * Comma-separated `host:port` seed nodes of a Redis Cluster (Redis 7+); when set, the cache runs
   * on the cluster. Exclusive with REDIS_URL.
   */
  readonly REDIS_CLUSTER_NODES?: string[];
  /** Prefix of every Redis key this app writes. @default 'shop' */
  readonly REDIS_KEY_PREFIX: string;
  /** Comma-separated `host:port` list; unset → embedded broker (once messaging lands). */
  readonly KAFKA_BROKERS?: string[];
  /** `amqp://…`; unset → the RabbitMQ transport is off. */
  readonly RABBITMQ_URL?: string;
  /** Bearer token for `/admin/*`; unset → admin routes answer 401 to everyone. */
  readonly ADMIN_TOKEN?: string;
  /**
   * `/health/ready` shows every check's details to everyone; otherwise only with the admin token
   * (the public answer is each check's status). @default false
   */
  readonly HEALTH_DETAILS: boolean;
  /** @default 'info' */
  readonly LOG_LEVEL: LogLevel;
  /**
   * `json`, `pretty` (pino-pretty, a devDependency), or `auto`: pretty when stdout is a terminal.
   * @default 'auto', or 'json' with NODE_ENV=production
   */
  readonly LOG_FORMAT: LogFormat;
  /** Upper bound on graceful shutdown. @default 10000 */
  readonly SHUTDOWN_TIMEOUT_MS: number;
  /**
   * After SIGTERM, how long HTTP keeps serving (readiness already 503) before the listener closes:
   * the time a load balancer needs to stop routing here. Must be below SHUTDOWN_TIMEOUT_MS.
   * @default 2000
   */
  readonly SHUTDOWN_DELAY_MS: number;
  /** Seed demo products when the embedded database starts empty. @default true */
  readonly SEED_DEMO: boolean;
  /** Budget of `GET /products/:id`, counted from arrival; past it 504 (or the stale copy). @default 300 */
  readonly PRODUCT_READ_TIMEOUT_MS: number;
  /** Budget of each call under the `postgres` policy (product loads; order writes queue on their hot row and run under the order budget instead). @default 250 */
  readonly POSTGRES_TIMEOUT_MS: number;
  /**
   * `POST /orders` through the group-commit batcher (many orders per Postgres statement); `false`
   * is the one-transaction-per-order path, kept for comparison and as a fallback. @default true
   */
  readonly ORDERS_GROUP_COMMIT: boolean;
  /** Most orders one group-commit statement writes. @default 500 */
  readonly ORDERS_BATCH_MAX: number;
  /** With NODE_ENV=production, allow embedded backends anyway (a demo). @default false */
  readonly ALLOW_EMBEDDED: boolean;
  /**
   * `on`/`off`: refuse requests with 503 + Retry-After while the event loop stays saturated, so
   * admitted ones finish inside their budget. `/health/*`, `/metrics`, `/admin` are never refused.
   * @default on
   */
  readonly ADMISSION_CONTROL: boolean;
  /**
   * `GET /health/live` requests run in-process before the shop listens, so its first bursts do not
   * run on unoptimised code (see `warmUpRequestPath`); `0` skips the warm-up. @default 3000
   */
  readonly WARM_UP_REQUESTS: number;
  /** Event-loop delay that counts as queueing, for admission control. @default the lib's (10) */
  readonly ADMISSION_TARGET_MS?: number;
  /**
   * CPU time the process must spend overloaded before shedding: a burst that costs less is served.
   * @default the lib's (500)
   */
  readonly ADMISSION_INTERVAL_MS?: number;
}

export class EnvValidationError extends Error {
  constructor(
    readonly variable: string,
    readonly reason: string,
  ) {
    super(`Invalid configuration: ${variable} ${reason}`);
    this.name = 'EnvValidationError';
  }
}

type Raw = Readonly<Record<string, string | undefined>>;

function present(raw: Raw, name: string): string | undefined {
  const v = raw[name];
  return v === undefined || v.trim() === '' ? undefined : v.trim();
}

function int(raw: Raw, name: string, def: number, min: number, max: number): number {
  const v = present(raw, name);
  if (v === undefined) return def;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new EnvValidationError(name, `must be an integer from ${min} to ${max} (got "${v}")`);
  }
  return Number(v);
}

function optionalInt(raw: Raw, name: string, min: number, max: number): number | undefined {
  return present(raw, name) === undefined ? undefined : int(raw, name, min, min, max);
}

function bool(raw: Raw, name: string, def: boolean): boolean {
  const v = present(raw, name)?.toLowerCase();
  if (v === undefined) return def;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new EnvValidationError(name, `must be true or false (got "${v}")`);
}

function url(raw: Raw, name: string, protocols: readonly string[]): string | undefined {
  const v = present(raw, name);
  if (v === undefined) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(v);
  } catch {
    throw new EnvValidationError(
      name,
      `must be a URL like ${protocols[0]}//host:port (got "${v}")`,
    );
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new EnvValidationError(
      name,
      `must use ${protocols.join(' or ')} (got "${parsed.protocol}")`,
    );
  }
  return v;
}

function identifier(raw: Raw, name: string, def: string): string {
  const v = present(raw, name) ?? def;
  if (!/^[A-Za-z_][A-Za-z0-9_:-]{0,62}$/.test(v)) {
    throw new EnvValidationError(
      name,
      `must be a plain identifier (letters, digits, _ : -) (got "${v}")`,
    );
  }
  return v;
}

function brokers(raw: Raw, name: string): string[] | undefined {
  const v = present(raw, name);
  if (v === undefined) return undefined;
  const list = v.split(',').map((s) => s.trim());
  for (const b of list) {
    if (!/^[A-Za-z0-9.\-[\]:]+:\d{1,5}$/.test(b)) {
      throw new EnvValidationError(
        name,
        `must be a comma-separated host:port list (bad entry "${b}")`,
      );
    }
  }
  return list;
}

function logLevel(raw: Raw, name: string): LogLevel {
  const v = (present(raw, name) ?? 'info').toLowerCase();
  if (!(LOG_LEVELS as readonly string[]).includes(v)) {
    throw new EnvValidationError(name, `must be one of ${LOG_LEVELS.join(', ')} (got "${v}")`);
  }
  return v as LogLevel;
}

function logFormat(raw: Raw, name: string): LogFormat {
  const v = present(raw, name)?.toLowerCase();
  // A production process logs JSON for its collector unless told otherwise.
  if (v === undefined) return raw.NODE_ENV === 'production' ? 'json' : 'auto';
  if (!(LOG_FORMATS as readonly string[]).includes(v)) {
    throw new EnvValidationError(name, `must be one of ${LOG_FORMATS.join(', ')} (got "${v}")`);
  }
  return v as LogFormat;
}

function adminToken(raw: Raw, name: string): string | undefined {
  const v = present(raw, name);
  if (v !== undefined && v.length < 16) {
    throw new EnvValidationError(name, 'must be at least 16 characters long');
  }
  return v;
}

/**
 * An in-memory database and an embedded broker are for a laptop: in production every order would
 * be lost at the next restart, and one info line at start is easy to miss. So a production process
 * (NODE_ENV=production, as the Docker image sets) refuses to start on them unless told otherwise.
 */
function refuseEmbeddedInProduction(raw: Raw, env: ShopEnv): void {
  if (raw.NODE_ENV !== 'production' || env.ALLOW_EMBEDDED) return;
  const missing = [
    env.DATABASE_URL === undefined && 'DATABASE_URL',
    env.REDIS_URL === undefined && env.REDIS_CLUSTER_NODES === undefined && 'REDIS_URL',
    env.KAFKA_BROKERS === undefined && 'KAFKA_BROKERS',
  ].filter((name): name is string => name !== false);
  if (missing.length === 0) return;
  throw new EnvValidationError(
    missing.join(', '),
    `must be set when NODE_ENV=production: the embedded defaults keep data in memory and lose it on restart (ALLOW_EMBEDDED=true starts anyway, for a demo)`,
  );
}

/** Parses and validates the environment; throws {@link EnvValidationError} naming the first bad variable. */
export function parseEnv(raw: Raw): ShopEnv {
  const env: ShopEnv = {
    PORT: int(raw, 'PORT', 3000, 0, 65535),
    DATABASE_URL: url(raw, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    DATABASE_SCHEMA: identifier(raw, 'DATABASE_SCHEMA', 'public'),
    DATABASE_MIGRATIONS_RUN: bool(raw, 'DATABASE_MIGRATIONS_RUN', true),
    PGLITE_DATA_DIR: present(raw, 'PGLITE_DATA_DIR'),
    REDIS_URL: url(raw, 'REDIS_URL', ['redis:', 'rediss:']),
    REDIS_CLUSTER_NODES: brokers(raw, 'REDIS_CLUSTER_NODES'),
    REDIS_KEY_PREFIX: identifier(raw, 'REDIS_KEY_PREFIX', 'shop'),
    KAFKA_BROKERS: brokers(raw, 'KAFKA_BROKERS'),
    RABBITMQ_URL: url(raw, 'RABBITMQ_URL', ['amqp:', 'amqps:']),
    ADMIN_TOKEN: adminToken(raw, 'ADMIN_TOKEN'),
    HEALTH_DETAILS: bool(raw, 'HEALTH_DETAILS', false),
    LOG_LEVEL: logLevel(raw, 'LOG_LEVEL'),
    LOG_FORMAT: logFormat(raw, 'LOG_FORMAT'),
    SHUTDOWN_TIMEOUT_MS: int(raw, 'SHUTDOWN_TIMEOUT_MS', 10000, 0, 600000),
    SHUTDOWN_DELAY_MS: int(raw, 'SHUTDOWN_DELAY_MS', 2000, 0, 600000),
    SEED_DEMO: bool(raw, 'SEED_DEMO', true),
    PRODUCT_READ_TIMEOUT_MS: int(raw, 'PRODUCT_READ_TIMEOUT_MS', 300, 1, 600000),
    POSTGRES_TIMEOUT_MS: int(raw, 'POSTGRES_TIMEOUT_MS', 250, 1, 600000),
    ORDERS_GROUP_COMMIT: bool(raw, 'ORDERS_GROUP_COMMIT', true),
    ORDERS_BATCH_MAX: int(raw, 'ORDERS_BATCH_MAX', 500, 1, 10000),
    ALLOW_EMBEDDED: bool(raw, 'ALLOW_EMBEDDED', false),
    ADMISSION_CONTROL: bool(raw, 'ADMISSION_CONTROL', true),
    WARM_UP_REQUESTS: int(raw, 'WARM_UP_REQUESTS', 3000, 0, 100000),
    // Unset stays undefined so the defaults live once, in @bulwark/resilience.
    ADMISSION_TARGET_MS: optionalInt(raw, 'ADMISSION_TARGET_MS', 1, 60000),
    ADMISSION_INTERVAL_MS: optionalInt(raw, 'ADMISSION_INTERVAL_MS', 1, 600000),
  };
  refuseEmbeddedInProduction(raw, env);
  // Two Redis targets would mean two caches that never see each other's locks and evictions.
  if (env.REDIS_URL !== undefined && env.REDIS_CLUSTER_NODES !== undefined) {
    throw new EnvValidationError(
      'REDIS_CLUSTER_NODES',
      'and REDIS_URL are exclusive: set REDIS_CLUSTER_NODES for a Redis Cluster, REDIS_URL for one Redis',
    );
  }
  // A delay that uses up the whole timeout would leave nothing to drain HTTP and Kafka in.
  if (env.SHUTDOWN_DELAY_MS > 0 && env.SHUTDOWN_DELAY_MS >= env.SHUTDOWN_TIMEOUT_MS) {
    throw new EnvValidationError(
      'SHUTDOWN_DELAY_MS',
      `must be less than SHUTDOWN_TIMEOUT_MS (${env.SHUTDOWN_TIMEOUT_MS}) (got "${env.SHUTDOWN_DELAY_MS}")`,
    );
  }
  return env;
}
