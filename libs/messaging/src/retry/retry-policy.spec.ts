import { resolveRetryPolicy } from './retry-policy';

describe('resolveRetryPolicy', () => {
  it('should default to 4 attempts with 1s/10s/60s and a DLQ', () => {
    expect(resolveRetryPolicy()).toMatchObject({
      attempts: 4,
      delaysMs: [1_000, 10_000, 60_000],
      dlq: true,
    });
  });

  it('should give attempts - 1 retry stages, repeating the last delay', () => {
    expect(resolveRetryPolicy({ attempts: 5, backoff: ['200ms', '400ms'] }).delaysMs).toEqual([
      200, 400, 400, 400,
    ]);
    expect(resolveRetryPolicy({ attempts: 1 }).delaysMs).toEqual([]);
  });

  it('should inherit unspecified fields from a base policy', () => {
    const base = resolveRetryPolicy({ attempts: 3, backoff: ['1s'], dlq: false });
    expect(resolveRetryPolicy({ attempts: 2 }, base)).toMatchObject({
      attempts: 2,
      delaysMs: [1_000],
      dlq: false,
    });
  });

  it('should reject a non-positive attempt count and an empty backoff', () => {
    expect(() => resolveRetryPolicy({ attempts: 0 })).toThrow(/positive integer/);
    expect(() => resolveRetryPolicy({ backoff: [] })).toThrow(/at least one delay/);
  });
});
