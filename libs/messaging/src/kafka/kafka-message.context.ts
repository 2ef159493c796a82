import { BaseRpcContext } from '@nestjs/microservices';
import type { Consumer, KafkaMessage, Producer } from 'kafkajs';
import { MessagingHeaders as H } from '../messaging.headers';
import { KafkaMessagingHeaders as KH } from './kafka.constants';

/** Arguments behind {@link KafkaMessageContext}; the first six match Nest's `KafkaContext`. */
export type KafkaMessageContextArgs = [
  message: KafkaMessage,
  partition: number,
  topic: string,
  consumer: Consumer,
  heartbeat: () => Promise<void>,
  producer: Producer,
  originalTopic: string,
  maxAttempts: number,
];

/**
 * What a Kafka handler knows about the delivery; inject with `@Ctx()`. Do not commit offsets
 * yourself: the server commits after the handler resolved and routes failures by the retry policy.
 * @publicApi
 */
export class KafkaMessageContext extends BaseRpcContext<KafkaMessageContextArgs> {
  private decoded?: Record<string, string>;

  /** The raw kafkajs message. */
  getMessage(): KafkaMessage {
    return this.args[0];
  }

  /** Partition of the topic the message was read from. */
  getPartition(): number {
    return this.args[1];
  }

  /** Topic the message was read from (a `<topic>.retry.<n>` on a retry). */
  getTopic(): string {
    return this.args[2];
  }

  getConsumer(): Consumer {
    return this.args[3];
  }

  /** Call during long work so the group does not consider this member dead. */
  getHeartbeat(): () => Promise<void> {
    return this.args[4];
  }

  getProducer(): Producer {
    return this.args[5];
  }

  /** The main topic (the handler's pattern), also on retries. */
  getOriginalTopic(): string {
    return this.args[6];
  }

  /** Message key as a string, or `null`. */
  getKey(): string | null {
    return this.args[0].key?.toString('utf8') ?? null;
  }

  /** Deduplication id: `x-message-id`, else the first consumed position of the message. */
  getMessageId(): string {
    const id = this.header(H.messageId);
    if (id) return id;
    const topic = this.header(KH.originalTopic) ?? this.getTopic();
    const partition = this.header(KH.originalPartition) ?? String(this.getPartition());
    return `${topic}:${partition}:${this.header(KH.originalOffset) ?? this.args[0].offset}`;
  }

  /** 1-based attempt number of this delivery. */
  getAttempt(): number {
    return Number(this.header(H.retryCount) ?? 0) + 1;
  }

  /** Total attempts the retry policy allows. */
  getMaxAttempts(): number {
    return this.args[7];
  }

  /** Producer's deadline from `x-deadline` (epoch ms), if it set one. */
  getDeadline(): Date | undefined {
    const raw = this.header(H.deadline);
    return raw === undefined ? undefined : new Date(Number(raw));
  }

  /** Headers decoded as UTF-8 strings (multi-valued headers keep their first value). */
  getHeaders(): Readonly<Record<string, string>> {
    return (this.decoded ??= decodeHeaders(this.args[0].headers));
  }

  /** One header as a string. */
  header(name: string): string | undefined {
    if (this.decoded) return this.decoded[name];
    // Reads the one header without decoding them all: handlers ask for the message id per message.
    const headers = this.args[0].headers;
    if (!headers || !Object.hasOwn(headers, name)) return undefined;
    const raw = headers[name];
    const first = Array.isArray(raw) ? raw[0] : raw;
    return first === undefined ? undefined : first.toString();
  }
}

/** kafkajs headers (`Buffer | string | array`) as plain strings. */
export function decodeHeaders(headers: KafkaMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) out[name] = first.toString();
  }
  return out;
}
