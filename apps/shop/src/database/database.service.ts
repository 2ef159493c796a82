import {
  Injectable,
  Logger,
  OnApplicationShutdown,
  OnModuleInit,
  ServiceUnavailableException,
} from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { buildDataSourceOptions, DatabaseSettings, describeDatabase } from './data-source-options';

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 10_000;

/**
 * Owns the TypeORM DataSource. The app starts even when Postgres is unreachable — liveness must not
 * depend on it and readiness must be able to say so — and keeps connecting in the background with
 * capped exponential backoff. Requests that need the database meanwhile get a 503.
 */
@Injectable()
export class DatabaseService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  readonly dataSource: DataSource;
  private connecting?: Promise<void>;
  private retryTimer?: NodeJS.Timeout;
  private closed = false;
  private lastError?: string;
  /**
   * Connected AND migrated. `isInitialized` alone turns true before the migrations run, and a
   * request in that window (or before a failed migration disconnects) hit a schema that was not
   * there: a 500 ("column … does not exist") instead of the 503 a client can retry.
   */
  private usable = false;

  constructor(private readonly settings: DatabaseSettings) {
    // On a real server migrations run below under an advisory lock instead of inside initialize().
    const options = buildDataSourceOptions(settings);
    this.dataSource = new DataSource(settings.url ? { ...options, migrationsRun: false } : options);
  }

  async onModuleInit(): Promise<void> {
    this.logger.log(`database: ${describeDatabase(this.settings)}`);
    // Wait for the first attempt so a healthy start is ready at once; failures retry in background.
    await this.connect(RETRY_MIN_MS);
  }

  get isReady(): boolean {
    return this.usable && this.dataSource.isInitialized;
  }

  /** Why the database is not ready, for readiness details. */
  get error(): string | undefined {
    return this.isReady ? undefined : (this.lastError ?? 'connecting');
  }

  /** The entity manager, or a 503 while the database is not connected. */
  get manager(): EntityManager {
    if (!this.isReady) {
      throw new ServiceUnavailableException('Database is not available, try again shortly');
    }
    return this.dataSource.manager;
  }

  /**
   * Runs `fn` on a pool connection of its own, calling `connected` once the connection is in
   * hand: a breaker call marks its start there, so the wait for a free connection (the app's own
   * load) is never judged as Postgres being slow. A 503 at once while the database is not
   * connected.
   */
  async withConnection<T>(
    fn: (manager: EntityManager) => Promise<T>,
    connected: () => void,
  ): Promise<T> {
    const runner = this.manager.connection.createQueryRunner();
    try {
      await runner.connect();
      connected();
      return await fn(runner.manager);
    } finally {
      await runner.release();
    }
  }

  private connect(delay: number): Promise<void> {
    this.connecting ??= this.dataSource
      .initialize()
      .then(() => this.migrate())
      .then(() => {
        this.usable = true;
        this.lastError = undefined;
        this.logger.log('database connected; migrations applied');
      })
      .catch((err: unknown) => {
        const message = err instanceof Error ? err.message : String(err);
        if (message !== this.lastError) this.logger.error(`database unavailable: ${message}`);
        this.lastError = message;
        this.scheduleRetry(delay);
      })
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  /**
   * TypeORM takes no lock around migrations, so a fleet starting together would run them N times
   * at once ("relation already exists"). A session-level advisory lock per schema serialises them:
   * the first instance migrates, the others find nothing pending.
   */
  private async migrate(): Promise<void> {
    if (!this.settings.url || !this.settings.migrationsRun) return;
    const runner = this.dataSource.createQueryRunner();
    const lockKey = `bulwark:migrations:${this.settings.schema}`;
    let failure: unknown;
    try {
      await runner.query('SELECT pg_advisory_lock(hashtext($1))', [lockKey]);
      await this.dataSource.runMigrations({ transaction: 'each' });
    } catch (err) {
      failure = err;
    } finally {
      await runner
        .query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey])
        .catch(() => undefined);
      await runner.release();
    }
    if (failure !== undefined) {
      // Not ready without the schema: disconnect so the next attempt initialises afresh.
      await this.dataSource.destroy();
      throw failure;
    }
  }

  private scheduleRetry(delay: number): void {
    if (this.closed) return;
    this.retryTimer = setTimeout(() => void this.connect(Math.min(delay * 2, RETRY_MAX_MS)), delay);
    this.retryTimer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.closed = true;
    this.usable = false;
    clearTimeout(this.retryTimer);
    await this.connecting;
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
