import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { EmbeddedKafka, startEmbeddedKafka } from '@bulwark/kafka-broker';
import { ShopEnv } from '../config/env';

/**
 * The Kafka the shop talks to: KAFKA_BROKERS when set, else the embedded broker started on a free
 * loopback port (the zero-setup default). It stops in the shutdown phase, after Nest has closed the
 * consumer and the relay's producer, so they leave their group and flush cleanly.
 */
@Injectable()
export class KafkaBrokers implements OnApplicationShutdown {
  private readonly logger = new Logger('Kafka');
  private embedded?: EmbeddedKafka;
  private list?: string[];

  constructor(private readonly config: ConfigService<ShopEnv, true>) {}

  async brokers(): Promise<string[]> {
    if (this.list) return this.list;
    const configured = this.config.get('KAFKA_BROKERS', { infer: true });
    if (configured) {
      this.logger.log(`kafka: ${configured.join(', ')}`);
      return (this.list = configured);
    }
    this.embedded = await startEmbeddedKafka({ port: 0, host: '127.0.0.1' });
    this.logger.log(
      `kafka: embedded broker on ${this.embedded.brokers.join(', ')} (in memory; set KAFKA_BROKERS for a real cluster)`,
    );
    return (this.list = [...this.embedded.brokers]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.embedded?.stop();
  }
}
