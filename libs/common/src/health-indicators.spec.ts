import { healthIndicators } from './health-indicators';

describe('healthIndicators', () => {
  it("should build terminus's results: up, down and degraded under the key", () => {
    const health = healthIndicators('Widgets');
    expect(health.check('redis').up({ backend: 'redis' })).toEqual({
      redis: { status: 'up', backend: 'redis' },
    });
    expect(health.check('db').down('gone')).toEqual({ db: { status: 'down', message: 'gone' } });
    expect(health.check('b').degraded()).toEqual({ b: { status: 'degraded' } });
  });

  it('should name the feature and the install command on first check without @nestjs/terminus', () => {
    jest.isolateModules(() => {
      jest.doMock('@nestjs/terminus', () => {
        throw Object.assign(new Error("Cannot find module '@nestjs/terminus' from 'x.ts'"), {
          code: 'MODULE_NOT_FOUND',
        });
      });
      const { healthIndicators: isolated } =
        jest.requireActual<typeof import('./health-indicators')>('./health-indicators');
      const health = isolated('RedisHealthIndicator');
      expect(() => health.check('redis')).toThrow(
        /^RedisHealthIndicator needs @nestjs\/terminus: npm install @nestjs\/terminus$/,
      );
    });
    jest.dontMock('@nestjs/terminus');
  });
});
