import { RawClient } from '../testing/raw-client';
import { ApiKey } from './protocol/api-keys';
import type { Encoder } from './protocol/encoder';
import { encodeRecordBatch } from './protocol/record-batch-encoder';
import { startEmbeddedKafka, type EmbeddedKafka } from './server';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

/** Produce v3 body for one partition; the answer's error code and base offset are read back. */
function produceBody(topic: string, batch: Buffer, acks = 1) {
  return (e: Encoder) => {
    e.writeNullableString(null).writeInt16(acks).writeInt32(5000);
    e.writeArray([topic], (te, t) => {
      te.writeString(t).writeArray([0], (pe, p) => pe.writeInt32(p).writeBytes(batch));
    });
  };
}

async function produce(client: RawClient, topic: string, batch: Buffer) {
  const d = await client.request(ApiKey.Produce, 3, produceBody(topic, batch));
  d.readInt32(); // topic count
  d.readString();
  d.readInt32(); // partition count
  d.readInt32(); // partition index
  return { errorCode: d.readInt16(), baseOffset: d.readInt64() };
}

const idempotent = (baseSequence: number, values: string[], producerEpoch = 0) =>
  encodeRecordBatch({
    producerId: 9,
    producerEpoch,
    baseSequence,
    records: values.map((v) => ({ timestamp: 1, key: null, value: Buffer.from(v), headers: [] })),
  });

describe('EmbeddedKafka server', () => {
  let broker: EmbeddedKafka;
  let client: RawClient;

  beforeEach(async () => {
    // The expiry test uses a 300 ms session so it runs in under a second; Kafka's 6 s minimum
    // would make it wait 6 s for the same behaviour.
    broker = await startEmbeddedKafka({
      port: 0,
      logger: quiet,
      maxFrameBytes: 4096,
      groupMinSessionTimeoutMs: 100,
    });
    client = await RawClient.open(broker.port);
  });

  afterEach(async () => {
    client.close();
    await broker.stop();
  });

  it('answers a too-new ApiVersions with UNSUPPORTED_VERSION and the supported list (v0 body)', async () => {
    const d = await client.request(ApiKey.ApiVersions, 3, (e) => e.writeInt8(0));
    expect(d.readInt16()).toBe(35);
    const ranges = d.readArray((x) => [x.readInt16(), x.readInt16(), x.readInt16()]);
    expect(ranges).toContainEqual([ApiKey.ApiVersions, 0, 2]);
    expect(ranges).toContainEqual([ApiKey.Fetch, 4, 11]);
  });

  it('advertises the real bound port in Metadata, never 0', async () => {
    const d = await client.request(ApiKey.Metadata, 1, (e) => e.writeInt32(-1));
    const brokers = d.readArray((x) => [
      x.readInt32(),
      x.readString(),
      x.readInt32(),
      x.readNullableString(),
    ]);
    expect(brokers).toEqual([[0, '127.0.0.1', broker.port, null]]);
    expect(broker.brokers).toEqual([`127.0.0.1:${broker.port}`]);
  });

  it('drops retried idempotent batches and rejects sequence gaps (KIP-98)', async () => {
    expect(await produce(client, 'idem', idempotent(0, ['a', 'b']))).toEqual({
      errorCode: 0,
      baseOffset: 0,
    });
    expect(await produce(client, 'idem', idempotent(2, ['c']))).toEqual({
      errorCode: 0,
      baseOffset: 2,
    });
    expect(await produce(client, 'idem', idempotent(0, ['a', 'b']))).toEqual({
      errorCode: 0,
      baseOffset: 0,
    });
    expect(await produce(client, 'idem', idempotent(9, ['x']))).toEqual({
      errorCode: 45,
      baseOffset: -1,
    });
    expect(await produce(client, 'idem', idempotent(3, ['d']))).toEqual({
      errorCode: 0,
      baseOffset: 3,
    });
  });

  it('rejects a batch whose CRC-32C does not match with CORRUPT_MESSAGE', async () => {
    const batch = idempotent(0, ['a']);
    batch[batch.length - 1] ^= 0xff;
    expect((await produce(client, 'crc', batch)).errorCode).toBe(2);
  });

  it('sends nothing for acks=0 and keeps answering later requests in order', async () => {
    client.send(ApiKey.Produce, 3, produceBody('acks0', idempotent(0, ['a']), 0));
    const d = await client.request(ApiKey.ListOffsets, 1, (e) => {
      e.writeInt32(-1).writeArray(['acks0'], (te, t) => {
        te.writeString(t).writeArray([0], (pe, p) => pe.writeInt32(p).writeInt64(-1));
      });
    });
    d.readInt32();
    d.readString();
    d.readInt32();
    expect([d.readInt32(), d.readInt16(), d.readInt64(), d.readInt64()]).toEqual([0, 0, -1, 1]);
  });

  it('holds a Fetch until data arrives (long poll) and returns it with the high watermark', async () => {
    await produce(client, 'poll', idempotent(0, ['first']));
    const fetcher = await RawClient.open(broker.port);
    const pending = fetcher.request(ApiKey.Fetch, 4, (e) => {
      e.writeInt32(-1)
        .writeInt32(30_000)
        .writeInt32(1)
        .writeInt32(1 << 20)
        .writeInt8(0);
      e.writeArray(['poll'], (te, t) => {
        te.writeString(t).writeArray([0], (pe, p) =>
          pe
            .writeInt32(p)
            .writeInt64(1)
            .writeInt32(1 << 20),
        );
      });
    });
    await produce(client, 'poll', idempotent(1, ['second']));
    const d = await pending;
    d.readInt32(); // throttle
    d.readInt32();
    d.readString();
    d.readInt32();
    expect([d.readInt32(), d.readInt16(), d.readInt64()]).toEqual([0, 0, 2]);
    fetcher.close();
  });

  it('expires a member that stops heartbeating and completes the next generation without it', async () => {
    const join = (c: RawClient, memberId: string) =>
      c.request(ApiKey.JoinGroup, 0, (e) => {
        e.writeString('expiry').writeInt32(300).writeString(memberId).writeString('consumer');
        e.writeArray(['range'], (pe, name) => pe.writeString(name).writeBytes(Buffer.from('m')));
      });
    const readJoin = (d: Awaited<ReturnType<typeof join>>) => ({
      errorCode: d.readInt16(),
      generationId: d.readInt32(),
      protocol: d.readString(),
      leader: d.readString(),
      memberId: d.readString(),
      members: d.readArray((m) => m.readString() && m.readBytes()).length,
    });
    const first = readJoin(await join(client, ''));
    expect(first).toMatchObject({ errorCode: 0, generationId: 1, members: 1 });
    // The first member goes silent; a second joins and waits for it to rejoin or expire.
    const other = await RawClient.open(broker.port);
    const second = readJoin(await join(other, ''));
    expect(second).toMatchObject({ errorCode: 0, generationId: 2, members: 1 });
    expect(second.leader).toBe(second.memberId);
    const heartbeat = await client.request(ApiKey.Heartbeat, 0, (e) => {
      e.writeString('expiry').writeInt32(1).writeString(first.memberId);
    });
    expect(heartbeat.readInt16()).toBe(25); // UNKNOWN_MEMBER_ID: it was expired
    other.close();
  });

  it('closes only the offending connection on unknown APIs, oversized or garbage frames', async () => {
    const bad = await Promise.all([1, 2, 3].map(() => RawClient.open(broker.port)));
    bad[0].send(77, 0, () => undefined);
    bad[1].writeRaw(Buffer.from([0, 0, 0x20, 0, 1, 2, 3]));
    bad[2].writeRaw(Buffer.from([0, 0, 0, 12, 0, 3, 0, 1, 0, 0, 0, 1, 0x7f, 0xff, 0, 0]));
    await Promise.all(bad.map((c) => c.closed));
    const d = await client.request(ApiKey.ApiVersions, 0, () => undefined);
    expect(d.readInt16()).toBe(0);
  });
});
