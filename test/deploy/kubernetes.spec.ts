import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load, loadAll } from 'js-yaml';
import { parseEnv } from '../../apps/shop/src/config/env';

const ROOT = join(__dirname, '..', '..');
const DIR = join(ROOT, 'deploy', 'kubernetes');
const CHECK = join(ROOT, 'scripts', 'check-kubernetes.mjs');

interface Probe {
  httpGet?: { path: string; port: string | number };
}
interface Container {
  name: string;
  ports?: Array<{ name?: string; containerPort: number }>;
  env?: Array<{ name: string; value?: string }>;
  startupProbe?: Probe;
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  resources?: {
    requests?: Record<string, string>;
    limits?: Record<string, string>;
  };
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  // The rules below read what they need; the schema check covers the rest.
  spec: Record<string, unknown>;
}
interface Kustomization {
  resources: string[];
}

const read = (path: string): Manifest[] =>
  loadAll(readFileSync(join(DIR, path), 'utf8')) as Manifest[];
const kind = (docs: Manifest[], k: string): Manifest => {
  const found = docs.filter((d) => d.kind === k);
  expect(found.map((d) => d.kind)).toEqual([k]);
  return found[0];
};
/** The files a kustomization directory renders, following `../base` references. */
const rendered = (dir: string): Manifest[] => {
  const k = load(readFileSync(join(DIR, dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
  return k.resources.flatMap((r) =>
    existsSync(join(DIR, dir, r, 'kustomization.yaml'))
      ? rendered(join(dir, r))
      : read(join(dir, r)),
  );
};
const checkFiles = (...files: string[]) =>
  spawnSync(process.execPath, [CHECK, ...files], { cwd: ROOT, encoding: 'utf8' });

/**
 * deploy/kubernetes as CI can check it without a cluster: every document against the Kubernetes
 * (and KEDA CRD) OpenAPI schemas by scripts/check-kubernetes.mjs, then the rules that tie the
 * manifests to the shop (probe paths, shutdown budget, consumer group, partition cap).
 */
describe('deploy/kubernetes', () => {
  const base = rendered('base');
  const deployment = kind(base, 'Deployment');
  const pod = (deployment.spec.template as { spec: Record<string, unknown> }).spec;
  const shop = (pod.containers as Container[])[0];

  it('every manifest passes the Kubernetes / KEDA schema check', () => {
    const res = checkFiles();
    process.stdout.write(res.stdout);
    expect(`${res.status} ${res.stderr}`).toBe('0 ');
    expect(res.stdout).toMatch(/^kubernetes: 5 valid, 0 problems in 5 files$/m);
  });

  it('the schema check rejects a wrong type, an unknown kind and a bad KEDA trigger', () => {
    const bad = join(mkdtempSync(join(tmpdir(), 'k8s-')), 'bad.yaml');
    writeFileSync(
      bad,
      [
        'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: two, selector: {}, template: {}}',
        'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: b}',
        'apiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: c}\nspec: {scaleTargetRef: {name: a}, maxReplicaCount: many, triggers: [{type: kafka, metadata: {lagThreshold: 10}}]}',
      ].join('\n---\n'),
    );
    const res = checkFiles(bad);
    expect(res.status).toBe(1);
    expect(res.stdout).toContain('Deployment a: data/spec/replicas must be integer');
    expect(res.stdout).toContain('Widget b: no schema for apiVersion example.com/v1 kind Widget');
    expect(res.stdout).toMatch(/ScaledObject c: .*maxReplicaCount must be integer/);
    expect(res.stdout).toMatch(/ScaledObject c: .*lagThreshold must be string/);
  });

  it("probes the shop's live and ready endpoints on its HTTP port", () => {
    const controller = readFileSync(
      join(ROOT, 'apps', 'shop', 'src', 'health', 'health.controller.ts'),
      'utf8',
    );
    expect(controller).toMatch(
      /@Controller\('health'\)[\s\S]*@Get\('live'\)[\s\S]*@Get\('ready'\)/,
    );
    expect(shop.livenessProbe?.httpGet?.path).toBe('/health/live');
    expect(shop.startupProbe?.httpGet?.path).toBe('/health/live');
    expect(shop.readinessProbe?.httpGet?.path).toBe('/health/ready');
    const http = shop.ports?.find((p) => p.name === 'http');
    const port = shop.env?.find((e) => e.name === 'PORT')?.value;
    expect([http?.containerPort, Number(port)]).toEqual([3000, 3000]);
    for (const probe of [shop.startupProbe, shop.livenessProbe, shop.readinessProbe])
      expect(probe?.httpGet?.port).toBe('http');
  });

  it('gives the pod more time to stop than SHUTDOWN_TIMEOUT_MS', () => {
    const env = Object.fromEntries((shop.env ?? []).map((e) => [e.name, e.value]));
    const shutdownMs = parseEnv({ ...env, NODE_ENV: undefined }).SHUTDOWN_TIMEOUT_MS;
    expect(shutdownMs).toBe(parseEnv({}).SHUTDOWN_TIMEOUT_MS);
    expect(Number(pod.terminationGracePeriodSeconds) * 1000).toBeGreaterThan(shutdownMs);
  });

  it('sets CPU and memory requests and limits', () => {
    expect(Object.keys(shop.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
    expect(Object.keys(shop.resources?.limits ?? {}).sort()).toEqual(['cpu', 'memory']);
  });

  it('the Service, the PDB and the rollout select the Deployment and keep capacity', () => {
    const labels = (deployment.spec.template as { metadata: { labels: Record<string, string> } })
      .metadata.labels;
    const matches = (selector: Record<string, string>) =>
      Object.entries(selector).every(([k, v]) => labels[k] === v);
    const service = kind(base, 'Service');
    expect(matches(service.spec.selector as Record<string, string>)).toBe(true);
    expect((service.spec.ports as Array<{ targetPort: string }>)[0].targetPort).toBe('http');
    const pdb = kind(base, 'PodDisruptionBudget');
    expect(
      matches((pdb.spec.selector as { matchLabels: Record<string, string> }).matchLabels),
    ).toBe(true);
    expect(pdb.spec.maxUnavailable).toBe(1);
    expect(deployment.spec.strategy).toMatchObject({ rollingUpdate: { maxUnavailable: 0 } });
  });

  it('hpa/: CPU utilisation on the Deployment, at least 2 replicas', () => {
    const hpa = kind(rendered('hpa'), 'HorizontalPodAutoscaler');
    expect(hpa.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec.metrics).toEqual([
      expect.objectContaining({
        type: 'Resource',
        resource: expect.objectContaining({ name: 'cpu' }),
      }),
    ]);
  });

  it('keda/: orders.created lag of group shop per replica, capped at the partition count', () => {
    const docs = rendered('keda');
    expect(docs.some((d) => d.kind === 'HorizontalPodAutoscaler')).toBe(false); // KEDA owns it
    const scaled = kind(docs, 'ScaledObject');
    expect(scaled.spec.scaleTargetRef).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: deployment.metadata.name,
    });
    const triggers = scaled.spec.triggers as Array<{
      type: string;
      metadata: Record<string, string>;
    }>;
    const kafka = triggers.find((t) => t.type === 'kafka')!.metadata;
    const shopMessaging = readFileSync(
      join(ROOT, 'apps', 'shop', 'src', 'messaging', 'shop-messaging.ts'),
      'utf8',
    );
    expect(shopMessaging).toContain(`groupId: '${kafka.consumerGroup}'`);
    // One topic named, and not a retry or DLQ topic: KEDA then sums only its partitions' lag.
    expect(kafka.topic).toBe('orders.created');
    expect(Number(kafka.lagThreshold)).toBeGreaterThan(0);
    expect(kafka.allowIdleConsumers).toBe('false');
    const partitions = Number(
      scaled.metadata.annotations?.['bulwark.dev/orders-created-partitions'],
    );
    expect(scaled.spec.maxReplicaCount).toBe(partitions);
    expect(scaled.spec.minReplicaCount).toBeGreaterThanOrEqual(2);
    expect(triggers.map((t) => t.type).sort()).toEqual(['cpu', 'kafka']);
  });

  it('every kustomization lists files that exist', () => {
    for (const dir of ['base', 'hpa', 'keda']) {
      const k = load(readFileSync(join(DIR, dir, 'kustomization.yaml'), 'utf8')) as Kustomization;
      for (const r of k.resources) expect([r, existsSync(join(DIR, dir, r))]).toEqual([r, true]);
    }
  });
});
