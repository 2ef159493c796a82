import { Cluster, type Redis } from 'ioredis';

/**
 * The client the cache runs on: one Redis, or a Redis Cluster. Both are ioredis `Commander`s, so
 * single-key commands, scripts and MULTI look the same; what differs (pub/sub flavour, where a
 * SCAN must run, the key layout) is decided here from the client's kind, in one place.
 * @publicApi
 */
export type RedisClient = Redis | Cluster;

export function isCluster(client: RedisClient): client is Cluster {
  return client instanceof Cluster;
}

/**
 * The nodes a keyspace-wide command (SCAN) must visit: every master of a cluster (each holds only
 * its slots), or the one server.
 */
export function masterNodes(client: RedisClient): Redis[] {
  return isCluster(client) ? client.nodes('master') : [client];
}

/** `host:port` seed list → the `Cluster` constructor's node list; throws on a malformed entry. */
export function parseClusterNodes(nodes: readonly string[]): { host: string; port: number }[] {
  if (nodes.length === 0) throw new Error('redisClusterNodes must list at least one host:port');
  return nodes.map((node) => {
    const match = /^(.+):(\d{1,5})$/.exec(node.trim());
    const port = match ? Number(match[2]) : NaN;
    if (!match || port < 1 || port > 65535) {
      throw new Error(`redisClusterNodes: "${node}" is not host:port`);
    }
    return { host: match[1], port };
  });
}
