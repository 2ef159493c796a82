import { connect, type Socket } from 'node:net';
import type { EmbeddedKafka } from '@bulwark/kafka-broker';
import { CompressionTypes, Kafka, logLevel, type ISocketFactory } from 'kafkajs';
import { FAST_GROUP, unique } from './helpers';
import { waitFor } from '../../support/wait-for';

/**
 * Runs a short kafkajs session (admin, producers, a consumer group) and returns every request
 * frame kafkajs wrote, size prefix included: real client traffic to seed the fuzzer with.
 */
export async function captureKafkajsFrames(broker: EmbeddedKafka): Promise<Buffer[]> {
  const frames: Buffer[] = [];
  const socketFactory: ISocketFactory = ({ host, port, onConnect }) => {
    const socket: Socket = connect({ host, port }, onConnect);
    const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
    socket.write = ((chunk: Buffer) => {
      frames.push(Buffer.from(chunk));
      return write(chunk);
    }) as Socket['write'];
    return socket;
  };
  const kafka = new Kafka({ brokers: broker.brokers, logLevel: logLevel.NOTHING, socketFactory });
  await runSession(kafka, unique('fuzz-seed'));
  return frames;
}

async function runSession(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }, { topic: `${topic}-gone` }] });
  const producer = kafka.producer({ idempotent: true });
  await producer.connect();
  await producer.send({ topic, messages: [{ key: 'k', value: 'v', headers: { h: '1' } }] });
  await producer.send({ topic, compression: CompressionTypes.GZIP, messages: [{ value: 'gz' }] });
  const groupId = unique('fuzz-seed-group');
  const consumer = kafka.consumer({ groupId, ...FAST_GROUP });
  let seen = 0;
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({ eachMessage: async () => void (seen += 1) });
  await waitFor('seed messages', () => seen === 2);
  await consumer.disconnect();
  await admin.fetchTopicOffsets(topic);
  await admin.fetchTopicOffsetsByTimestamp(topic, Date.now() - 60000);
  await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.describeGroups([groupId]);
  await admin.listGroups();
  await admin.deleteTopics({ topics: [`${topic}-gone`] });
  await producer.disconnect();
  await admin.disconnect();
}
