import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import * as amqp from 'amqplib';
import type { ChannelModel, RecoveringChannelModel } from 'amqplib';

/** Connection settings, resolved (milliseconds). */
export interface RabbitMqConnectionOptions {
  readonly url: string;
  readonly heartbeatSeconds: number;
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
}

type SetupFn = (model: ChannelModel) => Promise<void> | void;

/**
 * One AMQP connection that re-establishes itself with exponential backoff and jitter (amqplib's
 * own `recovery`), and re-runs every registered setup (channels, consumers, publisher) on each
 * new connection. Publisher and consumers share it but use their own channels, so a channel
 * error in one does not close the others.
 * @publicApi
 */
export class RabbitMqConnection extends EventEmitter {
  private readonly logger = new Logger(RabbitMqConnection.name);
  private model?: RecoveringChannelModel;
  private current?: ChannelModel;
  private readonly setups = new Set<SetupFn>();
  private closing = false;

  constructor(private readonly options: RabbitMqConnectionOptions) {
    super();
  }

  /** True while a live AMQP connection exists. */
  get isConnected(): boolean {
    return this.current !== undefined;
  }

  /** Connects once (idempotent); resolves on the first successful connection. */
  async connect(): Promise<void> {
    if (!this.model) {
      this.closing = false;
      this.model = await amqp.connect(
        withHeartbeat(this.options.url, this.options.heartbeatSeconds),
        {
          recovery: {
            initialDelay: this.options.reconnectMinMs,
            maxDelay: this.options.reconnectMaxMs,
            waitForConnect: false,
          },
        },
      );
      this.model.on('connect', (model: ChannelModel) => void this.onConnected(model));
      this.model.on('disconnect', (err: Error) => this.onDisconnected(err));
      this.model.on('error', (err: Error) =>
        this.logger.warn(`RabbitMQ connection error: ${err.message}`),
      );
    }
    await this.model.waitForConnect();
    while (!this.current && !this.closing) await new Promise((r) => this.once('connected', r));
  }

  /**
   * Runs `setup` on the current connection (if any) and after every reconnect. Returns a function
   * that unregisters it.
   */
  async onConnect(setup: SetupFn): Promise<() => void> {
    this.setups.add(setup);
    if (this.current) await setup(this.current);
    return () => this.setups.delete(setup);
  }

  /** Runs `setup` after every future reconnect only (the caller already set up the current one). */
  onReconnect(setup: SetupFn): () => void {
    this.setups.add(setup);
    return () => this.setups.delete(setup);
  }

  /** The live connection; throws while disconnected so callers fail fast instead of hanging. */
  get channelModel(): ChannelModel {
    if (!this.current) throw new Error('RabbitMQ is not connected');
    return this.current;
  }

  /** Closes the connection and stops reconnecting. */
  async close(): Promise<void> {
    this.closing = true;
    this.setups.clear();
    const model = this.model;
    this.model = undefined;
    this.current = undefined;
    this.emit('connected');
    await model?.close().catch(() => undefined);
  }

  private async onConnected(model: ChannelModel): Promise<void> {
    this.current = model;
    for (const setup of [...this.setups]) {
      try {
        await setup(model);
      } catch (error) {
        if (this.closing) return;
        this.logger.error(`RabbitMQ setup after connect failed: ${String(error)}`);
        this.emit('setup-error', error);
      }
    }
    this.logger.log('RabbitMQ connected');
    this.emit('connected');
  }

  private onDisconnected(err: Error | undefined): void {
    this.current = undefined;
    if (this.closing) return;
    this.logger.warn(`RabbitMQ connection lost (${err?.message ?? 'closed'}); reconnecting`);
    this.emit('disconnected', err);
  }
}

/** Heartbeats are a URL parameter in amqplib; an explicit one in the URL wins. */
function withHeartbeat(url: string, seconds: number): string {
  if (/[?&]heartbeat=/.test(url)) return url;
  return `${url}${url.includes('?') ? '&' : '?'}heartbeat=${seconds}`;
}
