import { PendingEvictions } from './pending-evictions';

describe('PendingEvictions', () => {
  it('should keep one slot per key, the newest eviction winning', () => {
    const p = new PendingEvictions(10);
    p.add('a');
    p.add('b');
    p.add('a');
    expect(p.snapshot().map(([k]) => k)).toEqual(['b', 'a']);
    expect(p.size).toBe(2);
  });

  it('should not settle a key evicted again while its replay ran', () => {
    const p = new PendingEvictions(10);
    p.add('a');
    const [[, seq]] = p.snapshot();
    p.add('a');
    p.settle('a', seq);
    expect(p.has('a')).toBe(true);
    p.settle('a', p.snapshot()[0][1]);
    expect(p.has('a')).toBe(false);
  });

  it('should drop the oldest key past its bound and say which', () => {
    const p = new PendingEvictions(2);
    expect(p.add('a')).toBeUndefined();
    expect(p.add('b')).toBeUndefined();
    expect(p.add('c')).toBe('a');
    expect(p.snapshot().map(([k]) => k)).toEqual(['b', 'c']);
  });
});
