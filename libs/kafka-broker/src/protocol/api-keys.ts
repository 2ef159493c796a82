/** Kafka API keys by name (the numbers on the wire); only those this broker can name in logs. */
export const ApiKey = {
  Produce: 0,
  Fetch: 1,
  ListOffsets: 2,
  Metadata: 3,
  OffsetCommit: 8,
  OffsetFetch: 9,
  FindCoordinator: 10,
  JoinGroup: 11,
  Heartbeat: 12,
  LeaveGroup: 13,
  SyncGroup: 14,
  DescribeGroups: 15,
  ListGroups: 16,
  ApiVersions: 18,
  CreateTopics: 19,
  DeleteTopics: 20,
  InitProducerId: 22,
  DeleteGroups: 42,
} as const;

export type ApiKeyName = keyof typeof ApiKey;

const NAMES = new Map<number, string>(Object.entries(ApiKey).map(([name, key]) => [key, name]));

/** Readable name for log lines, e.g. `Fetch` or `api#42`. */
export function apiName(apiKey: number): string {
  return NAMES.get(apiKey) ?? `api#${apiKey}`;
}
