import { ProducerStateTable } from './producer-state';

const batch = (baseSequence: number, recordCount = 10, producerEpoch = 0, producerId = 42) => ({
  producerId,
  producerEpoch,
  baseSequence,
  recordCount,
});

describe('ProducerStateTable (KIP-98 idempotence)', () => {
  it('accepts a new producer only from sequence 0, then exact continuations', () => {
    const table = new ProducerStateTable();
    expect(table.check(batch(5))).toEqual({
      kind: 'reject',
      error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    });
    expect(table.check(batch(0))).toEqual({ kind: 'append' });
    table.record({ ...batch(0), baseOffset: 0 });
    expect(table.check(batch(10))).toEqual({ kind: 'append' });
    expect(table.check(batch(11))).toEqual({
      kind: 'reject',
      error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    });
  });

  it('answers a retried batch with its original offset instead of appending it again', () => {
    const table = new ProducerStateTable();
    table.record({ ...batch(0), baseOffset: 100 });
    table.record({ ...batch(10), baseOffset: 110 });
    expect(table.check(batch(0))).toEqual({ kind: 'duplicate', baseOffset: 100 });
    expect(table.check(batch(10))).toEqual({ kind: 'duplicate', baseOffset: 110 });
  });

  it('forgets duplicates older than the last five batches', () => {
    const table = new ProducerStateTable();
    for (let i = 0; i < 6; i++) table.record({ ...batch(i * 10), baseOffset: i * 10 });
    expect(table.check(batch(0)).kind).toBe('reject');
    expect(table.check(batch(10))).toEqual({ kind: 'duplicate', baseOffset: 10 });
  });

  it('fences older epochs and restarts sequences on a new epoch', () => {
    const table = new ProducerStateTable();
    table.record({ ...batch(0, 10, 1), baseOffset: 0 });
    expect(table.check(batch(10, 10, 0))).toEqual({
      kind: 'reject',
      error: 'INVALID_PRODUCER_EPOCH',
    });
    expect(table.check(batch(0, 10, 2))).toEqual({ kind: 'append' });
  });

  it('wraps sequences from INT32_MAX to 0', () => {
    const table = new ProducerStateTable();
    table.record({ ...batch(0), baseOffset: 0 });
    table.record({ ...batch(10, 2147483638), baseOffset: 10 });
    expect(table.check(batch(0, 1))).toEqual({ kind: 'append' });
  });

  it('ignores non-idempotent batches (producer id -1)', () => {
    expect(new ProducerStateTable().check(batch(-1, 1, -1, -1))).toEqual({ kind: 'append' });
  });
});
