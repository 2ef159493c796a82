import { context, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { CacheService } from '@bulwark/cache';
import { waitFor } from '../../support/wait-for';
import { CacheTestKit } from '../cache/cache-test-kit';

// A real SDK in this test file's process (Jest gives each file its own globals), registered
// before any cache is built, as an app's tracing.ts does.
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
trace.setGlobalTracerProvider(provider);
context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());

const parentId = (s: ReadableSpan) => s.parentSpanContext?.spanId;
const reads = (key: string) =>
  exporter
    .getFinishedSpans()
    .filter((s) => s.name === 'cache.get' && s.attributes['cache.key'] === key);

describe('Cache spans with an OpenTelemetry SDK registered', () => {
  const kit = new CacheTestKit();
  let a: CacheService;
  let b: CacheService;

  beforeAll(async () => {
    const bloomFilters = {
      ids: {
        expectedItems: 1_000,
        source: async function* () {
          yield '1';
        },
      },
    };
    a = await kit.cache({ bloomFilters });
    b = await kit.cache({ bloomFilters });
    await a.bloom('ids').rebuild();
  });
  afterAll(async () => {
    await kit.cleanup();
    await provider.shutdown();
  });

  it('tags each read with the tier that answered: loader, l1, l2, stale, bloom-reject', async () => {
    const tracer = trace.getTracer('test');
    let loaderParent: string | undefined;
    await a.getOrSet('p:1', async () => {
      // The loader runs inside the read's span, so its own spans (a query) are children.
      const span = tracer.startSpan('load');
      loaderParent = parentId(span as unknown as ReadableSpan);
      span.end();
      return { id: 1 };
    });
    await a.getOrSet('p:1', () => Promise.resolve({ id: 1 }));
    await b.getOrSet('p:1', () => Promise.resolve({ id: 1 }));
    const tiers = reads('p:1').map((s) => s.attributes['cache.tier']);
    expect(tiers).toEqual(['loader', 'l1', 'l2']);
    expect(reads('p:1').map((s) => s.attributes['cache.hit'])).toEqual([false, true, true]);
    expect(loaderParent).toBe(reads('p:1')[0].spanContext().spanId);

    const short = { ttl: 1, staleTtl: '1m', l1Ttl: false } as const;
    await a.getOrSet('p:2', () => Promise.resolve({ id: 2 }), short);
    await new Promise((r) => setTimeout(r, 20));
    await a.getOrSet('p:2', () => Promise.reject(new Error('database down')), short);
    expect(reads('p:2').map((s) => s.attributes['cache.tier'])).toEqual(['loader', 'stale']);

    const none = await a.getOrSet('p:999', () => Promise.resolve({ id: 999 }), {
      bloom: 'ids',
      bloomMember: '999',
    });
    expect(none).toBeNull();
    expect(reads('p:999').map((s) => s.attributes['cache.tier'])).toEqual(['bloom-reject']);
  });

  it('records a failed read as an error span', async () => {
    await expect(a.getOrSet('p:3', () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    const [span] = reads('p:3');
    expect(span.status.code).toBe(2); // SpanStatusCode.ERROR
    expect(span.events.map((e) => e.name)).toContain('exception');
  });

  it('wraps a wait for another instance holding the fleet lock in a cache.lock_wait child span', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let loading!: () => void;
    const started = new Promise<void>((r) => (loading = r));
    let ownerSpanId: string | undefined;
    const owner = a.getOrSet('hot', async () => {
      ownerSpanId = trace.getActiveSpan()?.spanContext().spanId;
      loading();
      await gate;
      return { id: 'hot' };
    });
    await started; // instance a holds the lock and is loading
    const waiter = b.getOrSet('hot', () => Promise.resolve({ id: 'from b' }));
    // Release the owner only once b is waiting for it.
    await waitFor('one lock wait', async () => b.metrics.count('lock_waits') === 1);
    release();
    expect(await owner).toEqual({ id: 'hot' });
    expect(await waiter).toEqual({ id: 'hot' });

    // Told apart by identity, not by time: each root span anchors its clock on Date.now(), so two
    // reads started within a millisecond can sort either way, and finish order is a race too.
    const hot = reads('hot');
    expect(hot).toHaveLength(2);
    const ownerRead = hot.find((s) => s.spanContext().spanId === ownerSpanId);
    const waiterRead = hot.find((s) => s.spanContext().spanId !== ownerSpanId);
    if (!ownerRead || !waiterRead) throw new Error('owner read span not found');
    expect(ownerRead.attributes['cache.tier']).toBe('loader');
    expect(waiterRead.attributes['cache.tier']).toBe('l2');
    const waits = exporter.getFinishedSpans().filter((s) => s.name === 'cache.lock_wait');
    expect(waits).toHaveLength(1);
    expect(parentId(waits[0])).toBe(waiterRead.spanContext().spanId);
    expect(waits[0].spanContext().traceId).toBe(waiterRead.spanContext().traceId);
  });
});
