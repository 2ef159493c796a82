import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { ChannelModel, ConfirmChannel, Message, Options } from 'amqplib';
import { PublishError, type PublishFailureReason } from '../errors/publish.error';
import {
  CHANNEL_HIGH_WATER_MARK,
  type Pending,
  type RabbitMqPublishOptions,
} from './publish.types';
import type { RabbitMqConnection } from './rabbitmq-connection';
import type { RabbitMqMetrics } from './rabbitmq.metrics';

/**
 * Publishes on a confirm channel and resolves only on the broker's ack. Rejects on nack, on a
 * `mandatory` return and on timeout. Messages unconfirmed when the connection drops are written
 * again on the next connection (at-least-once; consumers deduplicate on the message id), which
 * amqp-connection-manager's ChannelWrapper does not do reliably: amqplib fails the pending
 * confirms with "channel closed" before the wrapper notices the disconnect, so it rejects them.
 * @publicApi
 */
export class RabbitMqPublisher {
  private readonly logger = new Logger(RabbitMqPublisher.name);
  private channel?: ConfirmChannel;
  private channelState: { error?: Error } = {};
  private queue: Pending[] = [];
  private lost: Pending[] = [];
  private readonly unconfirmed = new Set<Pending>();
  private readonly byMessageId = new Map<string, Pending>();
  private seq = 0;
  private draining = false;
  private closed = false;
  private unregister?: () => void;
  private removeGauge?: () => void;

  constructor(
    private readonly connection: RabbitMqConnection,
    private readonly defaultTimeoutMs: number,
    private readonly metrics?: RabbitMqMetrics,
    private readonly name = 'default',
  ) {}

  /** Opens the confirm channel now and after every reconnect. */
  async start(): Promise<void> {
    if (this.unregister) return;
    this.unregister = await this.connection.onConnect((model) => this.openChannel(model));
    this.removeGauge = this.metrics?.addSource(this.metrics.inFlight, async () => [
      [this.name, this.unconfirmed.size],
    ]);
  }

  /** True while a confirm channel is open, i.e. a publish can be written now. */
  get isReady(): boolean {
    return this.channel !== undefined;
  }

  /** Number of messages written and not yet confirmed. */
  get inFlight(): number {
    return this.unconfirmed.size;
  }

  /**
   * Publishes a persistent message; `body` is sent as is when a Buffer, else as JSON.
   * @example `await publisher.publish('notifications', 'order.confirmed', { orderId }, { timeoutMs: 2000 })`
   */
  publish(
    exchange: string,
    routingKey: string,
    body: unknown,
    options: RabbitMqPublishOptions = {},
  ): Promise<void> {
    if (this.closed)
      return Promise.reject(new PublishError('closed', 'Publisher is closed', { exchange }));
    const messageId = options.messageId ?? randomUUID();
    const isBuffer = Buffer.isBuffer(body);
    const content = isBuffer ? body : Buffer.from(JSON.stringify(body));
    const publishOptions: Options.Publish = {
      persistent: true,
      mandatory: options.mandatory ?? true,
      messageId,
      contentType: options.contentType ?? (isBuffer ? undefined : 'application/json'),
      timestamp: Math.floor(Date.now() / 1000),
      // The id travels in the `messageId` property, which consumers read first. Copying it into an
      // `x-message-id` header as well would make every message carry a field table that both
      // amqplib and the broker encode and decode, for no reader.
      headers: options.headers,
    };
    return new Promise<void>((resolve, reject) => {
      const p: Pending = {
        seq: ++this.seq,
        exchange,
        routingKey,
        content,
        options: publishOptions,
        resolve,
        reject,
        returned: false,
        done: false,
      };
      p.timer = setTimeout(
        () => this.settle(p, 'timeout'),
        options.timeoutMs ?? this.defaultTimeoutMs,
      );
      this.queue.push(p);
      this.flush();
    });
  }

  /** Stops accepting messages, rejects unsent ones, waits briefly for the in-flight confirms. */
  async close(): Promise<void> {
    this.closed = true;
    this.unregister?.();
    this.removeGauge?.();
    for (const p of [...this.queue, ...this.lost]) this.settle(p, 'closed');
    this.queue = [];
    this.lost = [];
    const until = Date.now() + 2_000;
    while (this.unconfirmed.size > 0 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 10));
    for (const p of [...this.unconfirmed]) this.settle(p, 'closed');
    await this.channel?.close().catch(() => undefined);
    this.channel = undefined;
  }

  private async openChannel(model: ChannelModel): Promise<void> {
    const channel = await model.createConfirmChannel({ highWaterMark: CHANNEL_HIGH_WATER_MARK });
    const state: { error?: Error } = {};
    channel.on('error', (err: Error) => (state.error = err));
    channel.on('return', (msg: Message) => this.onReturn(msg));
    channel.on('drain', () => {
      this.draining = false;
      this.flush();
    });
    channel.on('close', () => this.onChannelClosed(channel, state.error));
    this.channel = channel;
    this.channelState = state;
    this.draining = false;
    this.flush();
  }

  private onChannelClosed(channel: ConfirmChannel, error: Error | undefined): void {
    if (this.channel !== channel) return;
    this.channel = undefined;
    // A server-closed channel on a live connection (e.g. 404 unknown exchange) needs a new channel;
    // a lost connection gets one from the reconnect setup instead.
    if (error && !this.closed && this.connection.isConnected) {
      this.logger.warn(`Confirm channel closed by broker: ${error.message}; reopening`);
      setTimeout(() => {
        if (this.connection.isConnected && !this.channel) {
          void this.openChannel(this.connection.channelModel).catch(() => undefined);
        }
      }, 50);
    }
  }

  private flush(): void {
    const channel = this.channel;
    const state = this.channelState;
    if (this.lost.length > 0) {
      this.queue = [...this.lost.sort((a, b) => a.seq - b.seq), ...this.queue];
      this.lost = [];
    }
    // Walk by index and cut once: shift() per message is quadratic on the backlog an outage leaves.
    let next = 0;
    while (channel && !this.draining && next < this.queue.length) {
      const p = this.queue[next++];
      if (p.done) continue;
      try {
        const ok = channel.publish(p.exchange, p.routingKey, p.content, p.options, (err: unknown) =>
          this.onConfirm(p, err, state.error),
        );
        this.unconfirmed.add(p);
        this.byMessageId.set(p.options.messageId!, p);
        this.metrics?.forExchange(p.exchange).published.inc();
        if (!ok) this.draining = true;
      } catch {
        // The channel closed under us; keep the message for the next channel.
        next--;
        this.channel = undefined;
        break;
      }
    }
    if (next > 0) this.queue = next === this.queue.length ? [] : this.queue.slice(next);
  }

  private onConfirm(p: Pending, err: unknown, channelError: Error | undefined): void {
    if (p.done) return;
    this.unconfirmed.delete(p);
    if (!err) return this.settle(p, p.returned ? 'returned' : undefined);
    const message = err instanceof Error ? err.message : String(err);
    if (message === 'message nacked') return this.settle(p, 'nacked');
    // The broker closed the channel (e.g. 404 unknown exchange): writing again would fail again.
    if (channelError) return this.settle(p, 'channel-error', channelError.message);
    // The connection died before the broker answered: the message may or may not be stored, so
    // write it again on the next channel (consumers deduplicate on the message id).
    this.lost.push(p);
  }

  private onReturn(msg: Message): void {
    const id = msg.properties.messageId as string | undefined;
    const p = id ? this.byMessageId.get(id) : undefined;
    if (p) p.returned = true;
  }

  private settle(p: Pending, failure: PublishFailureReason | undefined, detail?: string): void {
    if (p.done) return;
    p.done = true;
    clearTimeout(p.timer);
    this.unconfirmed.delete(p);
    if (this.byMessageId.get(p.options.messageId!) === p)
      this.byMessageId.delete(p.options.messageId!);
    const counters = this.metrics?.forExchange(p.exchange);
    if (!failure) {
      counters?.confirmed.inc();
      return p.resolve();
    }
    if (failure === 'nacked') counters?.nacked.inc();
    if (failure === 'returned') counters?.returned.inc();
    const where = `exchange '${p.exchange}' routing key '${p.routingKey}'`;
    p.reject(
      new PublishError(failure, `Publish ${failure} (${where})${detail ? `: ${detail}` : ''}`, {
        exchange: p.exchange,
        routingKey: p.routingKey,
        messageId: p.options.messageId,
      }),
    );
  }
}
