import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('should run once per key while in flight and share the result', async () => {
    const flights = new SingleFlight();
    let calls = 0;
    let followers = 0;
    let release!: (v: number) => void;
    const fn = () => {
      calls++;
      return new Promise<number>((r) => (release = r));
    };
    const all = Array.from({ length: 10 }, () => flights.run('k', fn, () => followers++));
    expect(flights.has('k')).toBe(true);
    release(42);
    expect(await Promise.all(all)).toEqual(Array(10).fill(42));
    expect(calls).toBe(1);
    expect(followers).toBe(9);
    expect(flights.has('k')).toBe(false);
  });

  it('should share a rejection and allow a new flight afterwards', async () => {
    const flights = new SingleFlight();
    const failing = () => Promise.reject(new Error('boom'));
    await expect(
      Promise.all([flights.run('k', failing), flights.run('k', failing)]),
    ).rejects.toThrow('boom');
    expect(await flights.run('k', async () => 'ok')).toBe('ok');
  });
});
