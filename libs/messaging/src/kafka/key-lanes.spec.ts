import type { KafkaMessage } from 'kafkajs';
import { runKeyLanes } from './key-lanes';

const msg = (offset: number, key: string | null): KafkaMessage =>
  ({ offset: String(offset), key: key === null ? null : Buffer.from(key) }) as KafkaMessage;

describe('runKeyLanes', () => {
  it('should keep offset order within a key while running keys side by side', async () => {
    const messages = [msg(0, 'a'), msg(1, 'b'), msg(2, 'a'), msg(3, 'b'), msg(4, 'a')];
    const done: string[] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    await runKeyLanes(messages, 4, async (m) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setImmediate(r));
      done.push(`${m.key}${m.offset}`);
      inFlight--;
    });
    expect(done.filter((d) => d.startsWith('a'))).toEqual(['a0', 'a2', 'a4']);
    expect(done.filter((d) => d.startsWith('b'))).toEqual(['b1', 'b3']);
    expect(maxInFlight).toBe(2);
  });

  it('should reject with the first failure after the running lanes settled', async () => {
    const seen: string[] = [];
    const run = runKeyLanes([msg(0, 'a'), msg(1, 'a'), msg(2, null)], 1, async (m) => {
      seen.push(m.offset);
      if (m.offset === '0') throw new Error('boom');
    });
    await expect(run).rejects.toThrow('boom');
    expect(seen).toEqual(['0']);
  });

  it('should run messages without a key side by side, each in its own lane', async () => {
    let inFlight = 0;
    let maxInFlight = 0;
    await runKeyLanes([msg(0, null), msg(1, null), msg(2, null)], 8, async () => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
    });
    expect(maxInFlight).toBe(3);
  });

  it('should keep the order of many keys in one chunk (keys are hashed, never mixed up)', async () => {
    const keys = Array.from({ length: 500 }, (_, i) => `order-${i}`);
    const messages = Array.from({ length: 5000 }, (_, o) => msg(o, keys[(o * 7) % keys.length]));
    const lastSeen = new Map<string, number>();
    let outOfOrder = 0;
    await runKeyLanes(messages, 16, async (m) => {
      await Promise.resolve();
      const key = String(m.key);
      if ((lastSeen.get(key) ?? -1) > Number(m.offset)) outOfOrder++;
      lastSeen.set(key, Number(m.offset));
    });
    expect(outOfOrder).toBe(0);
    expect(lastSeen.size).toBe(500);
  });

  it('should start no further message once one failed', async () => {
    const started: string[] = [];
    const run = runKeyLanes([msg(0, 'a'), msg(1, 'a'), msg(2, 'a')], 1, async (m) => {
      started.push(m.offset);
      if (m.offset === '0') throw new Error('boom');
    });
    await expect(run).rejects.toThrow('boom');
    expect(started).toEqual(['0']);
  });
});
