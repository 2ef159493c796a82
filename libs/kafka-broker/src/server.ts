/*
 * Why a hand-written broker: Bulwark's messaging tests and its embedded default need a real
 * Kafka endpoint, but this machine cannot run Apache Kafka (no JVM, no Docker, no internet),
 * and no npm package provides a Kafka broker runnable in Node — the Kafka packages on npm are
 * clients (kafkajs, node-rdkafka) or mocks that replace the client instead of speaking the wire
 * protocol. So this is a small single-node broker speaking the real protocol over TCP, enough
 * for kafkajs and librdkafka (kcat) to work unmodified.
 */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { BrokerCore } from './broker-core';
import { Connection } from './connection';
import { resolveBrokerOptions, type EmbeddedKafkaOptions } from './options';

/**
 * A running embedded broker.
 * @publicApi
 */
export class EmbeddedKafka {
  private readonly sockets = new Set<Socket>();
  private stopped = false;

  /** @internal use {@link startEmbeddedKafka} */
  constructor(
    private readonly server: Server,
    private readonly core: BrokerCore,
  ) {
    server.on('connection', (socket) => this.accept(socket));
    server.on('error', (error) => core.options.logger.error(`server error: ${error.message}`));
  }

  /** The bound port (the real one when started with port 0). */
  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get host(): string {
    return this.core.options.host;
  }

  /** Bootstrap list for clients, e.g. `['127.0.0.1:54321']`. */
  get brokers(): string[] {
    return [`${this.host}:${this.port}`];
  }

  /** Closes every connection, stops listening and closes segment files. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const closing = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closing;
    this.core.close();
  }

  /**
   * Over `maxConnections` a new socket is closed at once, before any byte is read, as Kafka does
   * past `max.connections`; the client sees a closed connection and retries later.
   */
  private accept(socket: Socket): void {
    const { maxConnections, logger } = this.core.options;
    if (this.sockets.size >= maxConnections) {
      logger.warn(`refusing connection from ${socket.remoteAddress}: ${maxConnections} open`);
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    new Connection(socket, this.core);
  }
}

/**
 * Starts a single-node broker speaking the Kafka protocol on `host:port`.
 * @example
 * const broker = await startEmbeddedKafka({ port: 0 });
 * const kafka = new Kafka({ brokers: broker.brokers });
 * // ...
 * await broker.stop();
 * @publicApi
 */
export async function startEmbeddedKafka(
  options: EmbeddedKafkaOptions = {},
): Promise<EmbeddedKafka> {
  const resolved = resolveBrokerOptions(options);
  const core = new BrokerCore(resolved);
  const server = createServer();
  const broker = new EmbeddedKafka(server, core);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  resolved.logger.info(
    `listening on ${broker.brokers[0]}${resolved.dataDir ? ` (data in ${resolved.dataDir})` : ''}`,
  );
  return broker;
}
