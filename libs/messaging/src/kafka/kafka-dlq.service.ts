import type { IHeaders, Kafka, Producer } from 'kafkajs';
import { DlqReplayInProgressError } from '../errors/dlq-replay-in-progress.error';
import { MessagingHeaders as H } from '../messaging.headers';
import { jsonDepthExceeds } from '@bulwark/common';
import { DEAD_LETTER_MAX_DEPTH } from '../messaging.constants';
import { KafkaMessagingHeaders as KH } from './kafka.constants';
import { decodeHeaders } from './kafka-message.context';
import { type DlqRecord, readUpToHighWatermark } from './dlq-reader';
import { SAFE_PRODUCER_CONFIG } from './kafka-client';
import { dlqTopicName } from './retry-topics';

/** One dead letter as the admin API shows it. */
export interface KafkaDeadLetter {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly messageId: string | undefined;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * Parsed JSON; or the raw value as base64 when it is not JSON or nests deeper than
   * {@link DEAD_LETTER_MAX_DEPTH} levels (poison), as `payloadEncoding` says.
   */
  readonly payload: unknown;
  readonly payloadEncoding: 'json' | 'base64';
}

/** A position in `<topic>.dlq`. */
export interface DlqPosition {
  readonly partition: number;
  readonly offset: string;
}

/** Outcome of {@link KafkaDlqService.replay}. */
export interface KafkaReplayResult {
  readonly replayed: number;
  readonly skipped: number;
}

/** Retry bookkeeping a replayed copy must not inherit: it starts with fresh attempts. */
const RESET_HEADERS = [H.retryCount, H.attempts, H.deadLetterReason, KH.retryDueAt];

/**
 * Reads and replays `<topic>.dlq` without touching the app's consumer group. `replay()` of all
 * dead letters reads as group `<topic>.dlq.replay` and commits after each copy, so a second replay
 * only sends what arrived since; a selective replay keeps the `x-message-id`, so even replaying the
 * same letter twice applies its effect once (the inbox dedupes).
 * @publicApi
 */
export class KafkaDlqService {
  private producer?: Promise<Producer>;
  /** Topics with a replay-all running (they share a consumer group: one at a time). */
  private readonly replaying = new Set<string>();

  constructor(private readonly kafka: Kafka) {}

  /** Up to `limit` dead letters of a main topic, oldest first per partition. */
  async list(topic: string, limit = 100): Promise<KafkaDeadLetter[]> {
    const records = await readUpToHighWatermark(this.kafka, dlqTopicName(topic), { limit });
    return records.map(toDeadLetter);
  }

  /**
   * Sends dead letters (all new ones, or those at `positions`) back to their original topic.
   * Throws {@link DlqReplayInProgressError} while a replay of all is running for `topic`.
   */
  async replay(topic: string, positions?: readonly DlqPosition[]): Promise<KafkaReplayResult> {
    const wanted = positions && new Set(positions.map((p) => `${p.partition}:${p.offset}`));
    if (!wanted) {
      if (this.replaying.has(topic)) throw new DlqReplayInProgressError(topic);
      this.replaying.add(topic);
    }
    let replayed = 0;
    let skipped = 0;
    try {
      await readUpToHighWatermark(this.kafka, dlqTopicName(topic), {
        groupId: wanted ? undefined : `${dlqTopicName(topic)}.replay`,
        onRecord: async (record) => {
          if (wanted && !wanted.has(`${record.partition}:${record.message.offset}`)) {
            skipped++;
            return;
          }
          await this.republish(topic, record);
          replayed++;
        },
      });
    } finally {
      if (!wanted) this.replaying.delete(topic);
    }
    return { replayed, skipped };
  }

  async close(): Promise<void> {
    const producer = this.producer;
    this.producer = undefined;
    await (await producer)?.disconnect();
  }

  private async republish(topic: string, { partition, message }: DlqRecord): Promise<void> {
    const headers: IHeaders = decodeHeaders(message.headers);
    for (const name of RESET_HEADERS) delete headers[name];
    headers[KH.replayedFrom] = `${partition}:${message.offset}`;
    const producer = await this.connect();
    await producer.send({
      topic: (headers[KH.originalTopic] as string | undefined) ?? topic,
      acks: -1,
      messages: [{ key: message.key, value: message.value, headers }],
    });
  }

  private connect(): Promise<Producer> {
    this.producer ??= (async () => {
      const producer = this.kafka.producer(SAFE_PRODUCER_CONFIG);
      await producer.connect();
      return producer;
    })();
    return this.producer;
  }
}

function toDeadLetter({ partition, message }: DlqRecord): KafkaDeadLetter {
  const headers = decodeHeaders(message.headers);
  let payload: unknown;
  let payloadEncoding: KafkaDeadLetter['payloadEncoding'] = 'json';
  try {
    payload = JSON.parse(message.value?.toString('utf8') ?? 'null');
    if (jsonDepthExceeds(payload, DEAD_LETTER_MAX_DEPTH)) throw new Error('too deep');
  } catch {
    payload = message.value?.toString('base64');
    payloadEncoding = 'base64';
  }
  const key = message.key?.toString('utf8') ?? null;
  return {
    partition,
    offset: message.offset,
    key,
    messageId: headers[H.messageId],
    headers,
    payload,
    payloadEncoding,
  };
}
