import { Test } from '@nestjs/testing';
import { register } from 'prom-client';
import { BreakerRegistry } from './breaker-registry';
import { ResilienceModule } from './resilience.module';
import { RESOLVED_RESILIENCE_OPTIONS } from './resilience.module-definition';
import { ResolvedResilienceOptions } from './resilience-options';

describe('ResilienceModule', () => {
  describe('forRootAsync', () => {
    it('should resolve durations once and create the known breakers', async () => {
      const moduleRef = await Test.createTestingModule({
        imports: [
          ResilienceModule.forRootAsync({
            useFactory: () => ({
              defaultTimeout: '250ms',
              requestTimeout: '2s',
              retryAfter: '3s',
              dependencies: { 'http:geo': { timeout: '100ms' } },
            }),
          }),
        ],
      }).compile();
      const options = moduleRef.get<ResolvedResilienceOptions>(RESOLVED_RESILIENCE_OPTIONS);
      expect(options).toMatchObject({
        defaultTimeoutMs: 250,
        requestTimeoutMs: 2_000,
        retryAfterSeconds: 3,
      });
      expect(options.dependencies['http:geo'].timeoutMs).toBe(100);
      expect(options.dependencies.postgres.timeoutMs).toBe(250);
      const names = moduleRef
        .get(BreakerRegistry)
        .snapshot()
        .map((b) => b.name);
      expect(names).toEqual(expect.arrayContaining(['postgres', 'redis', 'kafka', 'http:geo']));
      await moduleRef.close();
    });
  });

  describe('forRoot', () => {
    it('should let several instances share the global registry without "already registered"', async () => {
      const build = () =>
        Test.createTestingModule({ imports: [ResilienceModule.forRoot({})] }).compile();
      const [a, b] = [await build(), await build()];
      expect(register.getSingleMetric('bulwark_resilience_breaker_state')).toBeDefined();
      await Promise.all([a.close(), b.close()]);
    });

    it('should refuse a malformed duration at start, naming the option', async () => {
      const build = Test.createTestingModule({
        imports: [ResilienceModule.forRoot({ defaultTimeout: 'soon' as never })],
      }).compile();
      await expect(build).rejects.toThrow(/defaultTimeout/);
    });
  });
});
