/** `<topic>.retry.<n>`: where the n-th failure of a message on `topic` waits for its delay. */
export function retryTopicName(topic: string, n: number): string {
  return `${topic}.retry.${n}`;
}

/** `<topic>.dlq`: where exhausted and poison messages of `topic` are kept. */
export function dlqTopicName(topic: string): string {
  return `${topic}.dlq`;
}

/** The main topic and stage of a retry topic name, or `undefined` for any other topic. */
export function parseRetryTopic(
  topic: string,
): { readonly base: string; readonly stage: number } | undefined {
  const match = /^(.+)\.retry\.(\d+)$/.exec(topic);
  return match ? { base: match[1], stage: Number(match[2]) } : undefined;
}

/** Every topic of a main topic's family: the topic, its retry stages and its DLQ. */
export function topicFamily(topic: string, retryStages: number, dlq: boolean): string[] {
  const stages = Array.from({ length: retryStages }, (_, i) => retryTopicName(topic, i + 1));
  return [topic, ...stages, ...(dlq ? [dlqTopicName(topic)] : [])];
}
