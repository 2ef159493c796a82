import type { KafkaMessage } from 'kafkajs';

/**
 * Runs `work` over one chunk of a partition with at most `limit` lanes in flight: messages sharing
 * a key run one after another in offset order, distinct keys run side by side. Resolves when all
 * are done, rejects with the first failure (after the running lanes settled, so none is left
 * running; no lane starts another message once a failure is seen).
 *
 * This runs once per message on the consumer's hot path, so lanes are linked through an index
 * array (no array per key) and keyed by a 30-bit hash of the key's bytes (no string per message).
 * Two keys whose hashes collide share a lane: they lose some parallelism, never their order.
 */
export async function runKeyLanes(
  messages: readonly KafkaMessage[],
  limit: number,
  work: (message: KafkaMessage) => Promise<void>,
): Promise<void> {
  const count = messages.length;
  /** `next[i]`: index of the next message in message i's lane, or -1. */
  const next = new Int32Array(count).fill(-1);
  const tails = new Map<number, number>();
  const heads: number[] = [];
  for (let i = 0; i < count; i++) {
    const key = messages[i].key;
    // A message without a key is ordered with nothing: a lane of its own.
    const hash = key ? hashKey(key) : -1;
    const tail = hash < 0 ? undefined : tails.get(hash);
    if (tail === undefined) heads.push(i);
    else next[tail] = i;
    if (hash >= 0) tails.set(hash, i);
  }
  let taken = 0;
  let failure: { error: unknown } | undefined;
  const worker = async () => {
    while (taken < heads.length && !failure) {
      for (let i = heads[taken++]; i !== -1 && !failure; i = next[i]) {
        try {
          await work(messages[i]);
        } catch (error) {
          failure ??= { error };
        }
      }
    }
  };
  const workers: Promise<void>[] = [];
  for (let w = Math.min(limit, heads.length); w > 0; w--) workers.push(worker());
  await Promise.all(workers);
  if (failure) throw failure.error;
}

/** FNV-1a over the key's bytes, kept to 30 bits so V8 stores it as a small integer. */
function hashKey(key: Buffer): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key[i], 0x01000193);
  return hash & 0x3fffffff;
}
