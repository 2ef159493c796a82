import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';

interface Service {
  image?: string;
  build?: unknown;
  ports?: string[];
  depends_on?: string[] | Record<string, unknown>;
  environment?: Record<string, string | number>;
  volumes?: string[];
}
interface Compose {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const ROOT = join(__dirname, '..', '..');
const FILE = join(ROOT, 'docker-compose.yml');
/** Ports of the services the test suite runs locally (scripts/services.sh) and developers too. */
const LOCAL_SERVICE_PORTS = [5432, 6379, 5672, 15672, 9092];

/** `${VAR:-default}` as compose resolves it with VAR unset. */
const withDefaults = (s: string): string => s.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1');

/**
 * docker-compose.yml as CI can check it without a Docker engine: `docker compose config` when the
 * compose plugin is installed, and in any case these rules (the file is parsed, not grepped).
 */
describe('docker-compose.yml', () => {
  const compose = load(readFileSync(FILE, 'utf8')) as Compose;
  const services = Object.entries(compose.services);

  it("is valid for `docker compose config` (compose plugin, or Debian's docker-compose)", () => {
    // scripts/services.sh installs Debian's docker-compose where neither exists (with consent, as
    // in CI); the rules below run in any case.
    const cli = [['docker', 'compose'], ['docker-compose']].find(
      ([cmd, ...sub]) => spawnSync(cmd, [...sub, 'version'], { encoding: 'utf8' }).status === 0,
    );
    if (!cli) {
      process.stdout.write('docker compose / docker-compose: not installed, `config` skipped\n');
      return;
    }
    const [cmd, ...sub] = cli;
    const config = spawnSync(cmd, [...sub, '-f', FILE, 'config', '--quiet'], {
      encoding: 'utf8',
    });
    expect(`${config.status} ${config.stderr}`).toBe('0 ');
  });

  it('pins every image to a version (no bare major, no latest)', () => {
    const floating = services
      .filter(([, s]) => !s.build)
      .map(([name, s]) => [name, s.image ?? '(no image)'] as const)
      .filter(([, image]) => {
        const tag = /:([^:/@]+)$/.exec(image)?.[1];
        const digest = image.includes('@sha256:');
        return !digest && (!tag || tag === 'latest' || !/^v?\d+\.\d+/.test(tag));
      });
    expect(floating).toEqual([]);
    expect(services.every(([, s]) => s.image || s.build)).toBe(true);
  });

  it('publishes no host port twice and none a local service already uses', () => {
    const published = services.flatMap(([name, s]) =>
      (s.ports ?? []).map((p) => {
        const parts = withDefaults(p).split(':');
        expect(parts).toHaveLength(2);
        return [name, Number(parts[0])] as const;
      }),
    );
    const ports = published.map(([, port]) => port);
    expect(ports.every((p) => Number.isInteger(p) && p > 0 && p < 65536)).toBe(true);
    expect(new Set(ports).size).toBe(ports.length);
    expect(published.filter(([, port]) => LOCAL_SERVICE_PORTS.includes(port))).toEqual([]);
  });

  it('gives Kafka a listener host clients can use, on a published port', () => {
    const kafka = compose.services.kafka;
    const env = kafka.environment ?? {};
    const advertised = withDefaults(String(env.KAFKA_ADVERTISED_LISTENERS)).split(',');
    expect(advertised).toContain('PLAINTEXT://kafka:9092');
    const host = advertised.find((l) => l.includes('//localhost:'));
    expect(host).toBeDefined();
    const hostPort = Number(/:(\d+)$/.exec(host!)![1]);
    const listenerPort = Number(
      /HOST:\/\/:(\d+)/.exec(String(env.KAFKA_LISTENERS))?.[1] ?? Number.NaN,
    );
    expect(kafka.ports?.map(withDefaults)).toContain(`${hostPort}:${listenerPort}`);
    expect(String(env.KAFKA_LISTENER_SECURITY_PROTOCOL_MAP)).toContain('HOST:PLAINTEXT');
    expect(compose.services.shop.environment?.KAFKA_BROKERS).toBe('kafka:9092');
  });

  it('depends only on services it defines and mounts only declared volumes or files', () => {
    const names = new Set(Object.keys(compose.services));
    for (const [name, s] of services) {
      const deps = Array.isArray(s.depends_on) ? s.depends_on : Object.keys(s.depends_on ?? {});
      expect([name, deps.filter((d) => !names.has(d))]).toEqual([name, []]);
      for (const volume of s.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('.'))
          expect([source, existsSync(join(ROOT, source))]).toEqual([source, true]);
        else expect(Object.keys(compose.volumes ?? {})).toContain(source);
      }
    }
  });
});
