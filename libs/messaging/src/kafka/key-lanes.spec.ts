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
});
