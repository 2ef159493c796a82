import { BrokerChild } from '../test/support/broker-child';
import { track } from './children';
import { freePort } from '../test/support/free-port';
import type { ProcessLog } from './process-log';

/**
 * The embedded Kafka broker as its own process, on a fixed port with a data directory, so it can
 * be killed and started again with its topics, offsets and committed consumer positions intact,
 * as a real broker restart would.
 */
export class BrokerProcess {
  private child?: BrokerChild;

  private constructor(
    readonly port: number,
    private readonly dataDir: string,
    private readonly partitions: number,
    private readonly log: ProcessLog,
  ) {}

  static async start(dataDir: string, partitions: number, log: ProcessLog): Promise<BrokerProcess> {
    const broker = new BrokerProcess(await freePort(), dataDir, partitions, log);
    await broker.restart();
    return broker;
  }

  /** Process id of the running broker, for its memory (undefined before the first start). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async restart(): Promise<void> {
    const args = ['--data-dir', this.dataDir, '--partitions', String(this.partitions)];
    this.child = await BrokerChild.start(args, {
      port: this.port,
      attach: (child) => {
        track(child);
        this.log.attach(child, 'kafka-broker');
      },
    }).catch((error: unknown) => {
      throw new Error(`${String(error)}: ${this.log.tail()}`);
    });
  }

  /** SIGKILL: what it had acknowledged is in its segment files; nothing else is flushed. */
  async kill(): Promise<void> {
    await this.child?.stop('SIGKILL');
  }
}
