// Conformance with Apache Kafka (issue 20): request bytes laid out as in apache/kafka's
// clients/src/main/resources/common/message/*Request.json, answered with the error code Kafka
// gives. Each case differed from Kafka before this file existed.
import { RawClient } from '../testing/raw-client';
import { ApiKey } from './protocol/api-keys';
import type { Decoder } from './protocol/decoder';
import type { Encoder } from './protocol/encoder';
import { encodeRecordBatch } from './protocol/record-batch-encoder';
import { startEmbeddedKafka, type EmbeddedKafka } from './server';

const quiet = { debug() {}, info() {}, warn() {}, error() {} };

const NONE = 0;
const UNKNOWN_TOPIC_OR_PARTITION = 3;
const INVALID_REQUIRED_ACKS = 21;
const ILLEGAL_GENERATION = 22;
const INVALID_SESSION_TIMEOUT = 26;
const REBALANCE_IN_PROGRESS = 27;
const TRANSACTIONAL_ID_AUTHORIZATION_FAILED = 53;

describe('Conformance with Kafka', () => {
  let broker: EmbeddedKafka;
  let client: RawClient;
  const others: RawClient[] = [];

  beforeEach(async () => {
    broker = await startEmbeddedKafka({
      port: 0,
      logger: quiet,
      initialRebalanceDelayMs: 0,
      autoCreateTopicsLimit: 3,
    });
    client = await RawClient.open(broker.port);
  });

  afterEach(async () => {
    for (const c of [client, ...others.splice(0)]) c.close();
    await broker.stop();
  });

  const connect = async () => {
    const c = await RawClient.open(broker.port);
    others.push(c);
    return c;
  };

  describe('OffsetCommit v2 for a group the broker does not know (e.g. after a restart)', () => {
    // OffsetCommitRequest v2: group_id generation_id member_id retention_time_ms
    //   [topics: name [partitions: partition_index committed_offset committed_metadata]]
    const commit = async (generationId: number, memberId: string) => {
      const d = await client.request(ApiKey.OffsetCommit, 2, (e) => {
        e.writeString('restarted').writeInt32(generationId).writeString(memberId).writeInt64(-1);
        e.writeArray(['t'], (te, name) => {
          te.writeString(name).writeArray([0], (pe, p) => {
            pe.writeInt32(p).writeInt64(42).writeNullableString(null);
          });
        });
      });
      // OffsetCommitResponse v2: [topics: name [partitions: partition_index error_code]]
      d.readInt32();
      d.readString();
      d.readInt32();
      d.readInt32();
      return d.readInt16();
    };

    it('answers ILLEGAL_GENERATION to a member of some past generation', async () => {
      expect(await commit(7, 'zombie-1')).toBe(ILLEGAL_GENERATION);
      expect(await fetchCommitted(client, 'restarted')).toBe(-1);
    });

    it('accepts a simple commit (generation -1, no membership), as kafkajs admin.setOffsets sends', async () => {
      expect(await commit(-1, '')).toBe(NONE);
      expect(await fetchCommitted(client, 'restarted')).toBe(42);
    });
  });

  describe('JoinGroup v0 session timeout bounds (group.min/max.session.timeout.ms)', () => {
    it.each([
      [1, INVALID_SESSION_TIMEOUT],
      [5999, INVALID_SESSION_TIMEOUT],
      [1_800_001, INVALID_SESSION_TIMEOUT],
      [6000, NONE],
      [1_800_000, NONE],
    ])('session timeout %i ms → error %i', async (sessionTimeoutMs, expected) => {
      const d = await joinGroup(client, 'bounds', sessionTimeoutMs, '');
      expect(d.errorCode).toBe(expected);
    });
  });

  it('answers Heartbeat v0 with a wrong generation during a rebalance with ILLEGAL_GENERATION', async () => {
    const a = await joinGroup(client, 'hb', 10_000, '');
    expect(a).toMatchObject({ errorCode: NONE, generationId: 1 });
    await syncGroup(client, 'hb', 1, a.memberId);
    // A second member joins: the group is PreparingRebalance, waiting for the first to rejoin.
    void joinGroup(await connect(), 'hb', 10_000, '');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await heartbeat(client, 'hb', 0, a.memberId)).toBe(ILLEGAL_GENERATION);
    expect(await heartbeat(client, 'hb', 1, a.memberId)).toBe(REBALANCE_IN_PROGRESS);
  });

  it('answers Produce v3 with acks=2 with INVALID_REQUIRED_ACKS and appends nothing', async () => {
    const batch = encodeRecordBatch({
      records: [{ timestamp: 1, key: null, value: Buffer.from('x'), headers: [] }],
    });
    // ProduceRequest v3: transactional_id acks timeout_ms [topic_data: name [partition_data:
    //   index records]]
    const d = await client.request(ApiKey.Produce, 3, (e) => {
      e.writeNullableString(null).writeInt16(2).writeInt32(5000);
      e.writeArray(['acks2'], (te, t) => {
        te.writeString(t).writeArray([0], (pe, p) => pe.writeInt32(p).writeBytes(batch));
      });
    });
    d.readInt32();
    d.readString();
    d.readInt32();
    expect([d.readInt32(), d.readInt16(), d.readInt64()]).toEqual([0, INVALID_REQUIRED_ACKS, -1]);
    expect(await metadataErrors(client, 1, [])).not.toContain('acks2');
  });

  it('advertises CreateTopics v4 and takes -1/-1 there as the broker defaults (KIP-464)', async () => {
    const versions = await client.request(ApiKey.ApiVersions, 0, () => undefined);
    versions.readInt16();
    const ranges = versions.readArray((x) => [x.readInt16(), x.readInt16(), x.readInt16()]);
    expect(ranges).toContainEqual([ApiKey.CreateTopics, 0, 4]);
    // CreateTopicsRequest v4: [topics: name num_partitions replication_factor [assignments]
    //   [configs]] timeout_ms validate_only
    const d = await client.request(ApiKey.CreateTopics, 4, (e) => {
      e.writeArray(['defaults'], (te, name) => {
        te.writeString(name).writeInt32(-1).writeInt16(-1).writeInt32(0).writeInt32(0);
      });
      e.writeInt32(5000).writeBoolean(false);
    });
    d.readInt32(); // throttle_time_ms
    const topics = d.readArray((t) => [t.readString(), t.readInt16(), t.readNullableString()]);
    expect(topics).toEqual([['defaults', NONE, null]]);
  });

  it('refuses InitProducerId v1 with a transactional id at once, and still serves idempotent producers', async () => {
    // InitProducerIdRequest v1: transactional_id transaction_timeout_ms
    const init = async (transactionalId: string | null) => {
      const d = await client.request(ApiKey.InitProducerId, 1, (e) => {
        e.writeNullableString(transactionalId).writeInt32(60_000);
      });
      d.readInt32(); // throttle_time_ms
      return { errorCode: d.readInt16(), producerId: d.readInt64(), epoch: d.readInt16() };
    };
    expect(await init('tx-1')).toEqual({
      errorCode: TRANSACTIONAL_ID_AUTHORIZATION_FAILED,
      producerId: -1,
      epoch: -1,
    });
    expect(await init(null)).toMatchObject({ errorCode: NONE, epoch: 0 });
  });

  it('stops auto-creating topics at autoCreateTopicsLimit and answers UNKNOWN_TOPIC_OR_PARTITION', async () => {
    const errors = await metadataErrors(client, 1, ['a1', 'a2', 'a3', 'a4']);
    expect(errors).toEqual({
      a1: NONE,
      a2: NONE,
      a3: NONE,
      a4: UNKNOWN_TOPIC_OR_PARTITION,
    });
  });
});

// JoinGroupRequest v0: group_id session_timeout_ms member_id protocol_type
//   [protocols: name metadata]; response: error_code generation_id protocol_name leader
//   member_id [members]
async function joinGroup(c: RawClient, group: string, sessionTimeoutMs: number, memberId: string) {
  const d = await c.request(ApiKey.JoinGroup, 0, (e) => {
    e.writeString(group).writeInt32(sessionTimeoutMs).writeString(memberId).writeString('consumer');
    e.writeArray(['range'], (pe, name) => pe.writeString(name).writeBytes(Buffer.from('m')));
  });
  const errorCode = d.readInt16();
  const generationId = d.readInt32();
  d.readString();
  d.readString();
  return { errorCode, generationId, memberId: d.readString() };
}

// SyncGroupRequest v0: group_id generation_id member_id [assignments: member_id assignment]
async function syncGroup(c: RawClient, group: string, generation: number, memberId: string) {
  const d = await c.request(ApiKey.SyncGroup, 0, (e) => {
    e.writeString(group).writeInt32(generation).writeString(memberId);
    e.writeArray([memberId], (ae, id) => ae.writeString(id).writeBytes(Buffer.from('a')));
  });
  return d.readInt16();
}

// HeartbeatRequest v0: group_id generation_id member_id; response: error_code
async function heartbeat(c: RawClient, group: string, generation: number, memberId: string) {
  const d = await c.request(ApiKey.Heartbeat, 0, (e) => {
    e.writeString(group).writeInt32(generation).writeString(memberId);
  });
  return d.readInt16();
}

// OffsetFetchRequest v1: group_id [topics: name [partition_indexes]]
async function fetchCommitted(c: RawClient, group: string): Promise<number> {
  const d = await c.request(ApiKey.OffsetFetch, 1, (e) => {
    e.writeString(group).writeArray(['t'], (te, t) =>
      te.writeString(t).writeArray([0], (pe, p) => pe.writeInt32(p)),
    );
  });
  d.readInt32();
  d.readString();
  d.readInt32();
  d.readInt32();
  return d.readInt64();
}

/**
 * MetadataRequest v1 ([topics], auto-creating); the topic error codes by name. An empty list
 * asks for no topics in v1, so `[]` lists every topic instead (null array).
 */
async function metadataErrors(c: RawClient, version: number, topics: string[]) {
  const d: Decoder = await c.request(ApiKey.Metadata, version, (e: Encoder) => {
    if (topics.length === 0) e.writeInt32(-1);
    else e.writeArray(topics, (te, t) => te.writeString(t));
  });
  d.readArray((b) => [b.readInt32(), b.readString(), b.readInt32(), b.readNullableString()]);
  d.readInt32(); // controller_id
  const listed = d.readArray((t) => {
    const errorCode = t.readInt16();
    const name = t.readString();
    t.readBoolean();
    t.readArray((p) => {
      p.readInt16();
      p.readInt32();
      p.readInt32();
      p.readArray((r) => r.readInt32());
      p.readArray((r) => r.readInt32());
    });
    return [name, errorCode] as const;
  });
  return topics.length === 0 ? listed.map(([name]) => name) : Object.fromEntries(listed);
}
