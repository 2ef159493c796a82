import type { KafkaMessage } from 'kafkajs';

/**
 * Runs `work` over one chunk of a partition with at most `limit` keys in flight: messages sharing
 * a key run one after another in offset order, distinct keys run side by side. Resolves when all
 * are done, rejects with the first failure (after the others settled, so none is left running).
 */
export async function runKeyLanes(
  messages: readonly KafkaMessage[],
  limit: number,
  work: (message: KafkaMessage) => Promise<void>,
): Promise<void> {
  const lanes = new Map<string, KafkaMessage[]>();
  for (const m of messages) {
    const key = m.key ? m.key.toString('latin1') : `\u0000${m.offset}`;
    const lane = lanes.get(key);
    if (lane) lane.push(m);
    else lanes.set(key, [m]);
  }
  const queue = [...lanes.values()];
  let taken = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    for (let lane = queue[taken++]; lane && !failure; lane = queue[taken++]) {
      for (const m of lane) {
        try {
          await work(m);
        } catch (error) {
          failure ??= { error };
          return;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, queue.length) }, worker));
  if (failure) throw failure.error;
}
