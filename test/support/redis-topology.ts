import { Cluster, Redis } from 'ioredis';
import { startRedisCluster, type TestRedisCluster } from './redis-cluster';

export type RedisTopologyName = 'single' | 'cluster';

/** What the cache and rate-limit e2e suites run on: `describe.each(REDIS_TOPOLOGIES)`. */
export const REDIS_TOPOLOGIES: RedisTopologyName[] = ['single', 'cluster'];

export const SINGLE_REDIS_URL =
  process.env.TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * A Redis for one test file: the shared single server (isolated by key prefix), or a 6-node
 * cluster of the file's own.
 */
export interface RedisTopology {
  readonly name: RedisTopologyName;
  /** `CacheModule` options that select this Redis. */
  readonly cacheOptions: { redisUrl?: string; redisClusterNodes?: string[] };
  /** The shop's environment that selects this Redis. */
  readonly shopEnv: Record<string, string>;
  /** A new client (`Redis` or `Cluster`), closed by `stop`. */
  client(): Redis | Cluster;
  /** Keys matching `pattern` on every master (SCAN sees one node). */
  keys(pattern: string): Promise<string[]>;
  /** Removes a test's keys from the shared single server (a cluster of its own is just stopped). */
  deleteKeys(pattern: string): Promise<void>;
  /** The running cluster (`undefined` on a single node). */
  readonly cluster?: TestRedisCluster;
  stop(): Promise<void>;
}

/** Hash tag of a cache key, as `@bulwark/cache` lays keys out on a cluster (its README). */
export function tagged(topology: RedisTopologyName, key: string): string {
  return topology === 'cluster' ? `{${key}}` : key;
}

export async function startRedisTopology(name: RedisTopologyName): Promise<RedisTopology> {
  const clients: (Redis | Cluster)[] = [];
  const cluster = name === 'cluster' ? await startRedisCluster() : undefined;
  const client = () => {
    const c = cluster ? cluster.client() : new Redis(SINGLE_REDIS_URL);
    clients.push(c);
    return c;
  };
  const admin = client();
  const nodes = (): Redis[] => (admin instanceof Cluster ? admin.nodes('master') : [admin]);
  const keys = async (pattern: string) => {
    if (admin instanceof Cluster && admin.status !== 'ready') {
      await new Promise((resolve) => admin.once('ready', resolve));
    }
    const found: string[] = [];
    for (const node of nodes()) {
      let cursor = '0';
      do {
        const [next, batch] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        found.push(...batch);
        cursor = next;
      } while (cursor !== '0');
    }
    return found;
  };
  // Said once per file, so a run shows which topology each suite ran on.
  console.log(
    cluster
      ? `Redis topology: cluster of 6 (3 masters + 3 replicas) at ${cluster.seeds.join(',')}`
      : `Redis topology: single node at ${SINGLE_REDIS_URL}`,
  );
  return {
    name,
    cluster,
    cacheOptions: cluster ? { redisClusterNodes: cluster.seeds } : { redisUrl: SINGLE_REDIS_URL },
    shopEnv: cluster
      ? { REDIS_CLUSTER_NODES: cluster.seeds.join(',') }
      : { REDIS_URL: SINGLE_REDIS_URL },
    client,
    keys,
    async deleteKeys(pattern) {
      // A cluster is the file's own and goes away in stop() (maybe with a node killed already).
      if (cluster) return;
      await Promise.all((await keys(pattern)).map((k) => admin.del(k)));
    },
    async stop() {
      clients.forEach((c) => c.disconnect());
      await cluster?.stop();
    },
  };
}
