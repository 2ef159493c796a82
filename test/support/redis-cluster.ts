import { ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Cluster, Redis } from 'ioredis';
import { freePort } from './free-port';
import { waitFor } from './wait-for';

const run = promisify(execFile);

/** One `redis-server --cluster-enabled yes` of a {@link TestRedisCluster}. */
export interface ClusterNode {
  readonly port: number;
  readonly proc: ChildProcess;
}

/** A throw-away 6-node Redis Cluster (3 masters, 3 replicas) on free loopback ports. */
export interface TestRedisCluster {
  readonly nodes: ClusterNode[];
  /** `127.0.0.1:port` of every node: the seed list for `REDIS_CLUSTER_NODES`. */
  readonly seeds: string[];
  /** A new cluster client (closed by `stop`). */
  client(): Cluster;
  /** A plain connection to one node (closed by `stop`). */
  node(port: number): Redis;
  /** Ports of the current masters, from CLUSTER NODES. */
  masters(): Promise<number[]>;
  /** SIGKILLs one node (a crashed master). */
  kill(port: number): Promise<void>;
  stop(): Promise<void>;
}

const MASTERS = 3;
const REPLICAS_PER_MASTER = 1;

/** Sharded pub/sub needs Redis 7: say so plainly instead of failing on SSUBSCRIBE later. */
async function requireRedis7(): Promise<void> {
  const versions = await Promise.all(
    ['redis-server', 'redis-cli'].map((bin) =>
      run(bin, ['--version']).then(
        ({ stdout }) => ({ bin, major: Number(/(\d+)\.\d+\.\d+/.exec(stdout)?.[1] ?? 0) }),
        () => ({ bin, major: 0 }),
      ),
    ),
  );
  const missing = versions.filter((v) => v.major < 7).map((v) => v.bin);
  if (missing.length > 0) {
    throw new Error(
      `The Redis Cluster tests need ${missing.join(' and ')} 7+ on PATH (scripts/services.sh installs redis-server)`,
    );
  }
}

/**
 * freePort()'s ports are ephemeral ones, which any outgoing connection on the machine (a shop's
 * pool, the test's clients) may take before redis-server binds them: a node that exits while
 * starting is started again on new ports.
 */
async function startNode(dir: string): Promise<ClusterNode> {
  for (let attempt = 1; ; attempt++) {
    const node = await tryStartNode(dir);
    if (node) return node;
    if (attempt === 5) throw new Error('redis-server exited while starting, 5 times in a row');
  }
}

/** The node, or undefined when redis-server exited before it answered (its ports were taken). */
async function tryStartNode(dir: string): Promise<ClusterNode | undefined> {
  const [port, busPort] = [await freePort(), await freePort()];
  // The bus port is chosen too: the default port + 10000 can fall outside 1..65535 for the
  // ephemeral ports freePort() hands out.
  const proc = spawn(
    'redis-server',
    [
      '--port',
      String(port),
      '--cluster-port',
      String(busPort),
      '--bind',
      '127.0.0.1',
      '--cluster-enabled',
      'yes',
      '--cluster-config-file',
      join(dir, `nodes-${port}.conf`),
      '--cluster-node-timeout',
      '1000',
      '--dir',
      dir,
      '--save',
      '',
      '--appendonly',
      'no',
    ],
    { stdio: 'ignore' },
  );
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => null });
  probe.on('error', () => undefined); // refused until the server listens
  let exited = false;
  try {
    await waitFor(
      `redis-server on ${port} to answer`,
      async () => {
        if (proc.exitCode !== null) return (exited = true);
        try {
          if (probe.status !== 'ready') await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          probe.disconnect();
          return false;
        }
      },
      10_000,
      20,
    );
  } finally {
    probe.disconnect();
  }
  return exited ? undefined : { port, proc };
}

/**
 * Starts 6 nodes, joins them with `redis-cli --cluster create … --cluster-replicas 1` and waits
 * until every node reports `cluster_state:ok` and knows all 16384 slots.
 */
export async function startRedisCluster(): Promise<TestRedisCluster> {
  await requireRedis7();
  const dir = mkdtempSync(join(tmpdir(), 'bulwark-redis-cluster-'));
  const nodes = await Promise.all(
    Array.from({ length: MASTERS * (1 + REPLICAS_PER_MASTER) }, () => startNode(dir)),
  );
  const seeds = nodes.map((n) => `127.0.0.1:${n.port}`);
  const clients: (Redis | Cluster)[] = [];
  const stop = async () => {
    clients.forEach((c) => c.disconnect());
    await Promise.all(
      nodes.map(async (n) => {
        if (n.proc.exitCode !== null || n.proc.signalCode !== null) return;
        const exited = new Promise((resolve) => n.proc.once('exit', resolve));
        n.proc.kill('SIGKILL');
        await exited;
      }),
    );
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run('redis-cli', [
      '--cluster',
      'create',
      ...seeds,
      '--cluster-replicas',
      String(REPLICAS_PER_MASTER),
      '--cluster-yes',
    ]);
    const probes = nodes.map((n) => new Redis(n.port, '127.0.0.1'));
    try {
      await waitFor(
        'the Redis Cluster to reach cluster_state:ok',
        async () => {
          const infos = await Promise.all(probes.map((p) => p.cluster('INFO')));
          return infos.every((i) => /cluster_state:ok/.test(i) && /cluster_slots_ok:16384/.test(i));
        },
        30_000,
        50,
      );
      // Replicas must be attached too, or a failover test would find none to promote.
      await waitFor(
        'the Redis Cluster replicas to sync',
        async () => {
          const roles = await Promise.all(probes.map((p) => p.role()));
          return roles.filter((r) => r[0] === 'slave' && r[3] === 'connected').length === MASTERS;
        },
        30_000,
        50,
      );
    } finally {
      probes.forEach((p) => p.disconnect());
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    nodes,
    seeds,
    client() {
      const c = new Cluster(nodes.map((n) => ({ host: '127.0.0.1', port: n.port })));
      clients.push(c);
      return c;
    },
    node(port) {
      const c = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1 });
      clients.push(c);
      return c;
    },
    async masters() {
      const alive = nodes.find((n) => n.proc.exitCode === null && n.proc.signalCode === null);
      if (!alive) return [];
      const probe = new Redis(alive.port, '127.0.0.1');
      try {
        const lines = ((await probe.cluster('NODES')) as string).trim().split('\n');
        return lines
          .map((l) => l.split(' '))
          .filter((f) => f[2].includes('master') && !f[2].includes('fail'))
          .map((f) => Number(/:(\d+)@/.exec(f[1])?.[1]));
      } finally {
        probe.disconnect();
      }
    },
    async kill(port) {
      const node = nodes.find((n) => n.port === port);
      if (!node || node.proc.exitCode !== null) return;
      const exited = new Promise((resolve) => node.proc.once('exit', resolve));
      node.proc.kill('SIGKILL');
      await exited;
    },
    stop,
  };
}
