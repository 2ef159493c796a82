import { assignSticky, type StickyMember, type TopicPartitions } from './sticky-assignment';

const T = 'orders.created';
const partitions = (n: number) => new Map([[T, Array.from({ length: n }, (_, i) => i)]]);
const member = (memberId: string, previous: TopicPartitions = {}): StickyMember => ({
  memberId,
  topics: [T],
  previous,
});

/** Partitions whose owner differs between two assignments. */
function moved(before: Map<string, TopicPartitions>, after: Map<string, TopicPartitions>): number {
  const owner = (a: Map<string, TopicPartitions>) =>
    new Map([...a].flatMap(([id, tp]) => (tp[T] ?? []).map((p) => [p, id] as const)));
  const [b, c] = [owner(before), owner(after)];
  return [...b].filter(([p, id]) => c.get(p) !== id).length;
}

describe('assignSticky', () => {
  it('should balance a fresh group and cover every partition once', () => {
    const result = assignSticky([member('a'), member('b'), member('c')], partitions(12));
    const all = [...result.values()].flatMap((tp) => tp[T]);
    expect(all.sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect([...result.values()].map((tp) => tp[T].length)).toEqual([4, 4, 4]);
  });

  it('should move only the newcomer share when a fourth member joins', () => {
    const before = assignSticky([member('a'), member('b'), member('c')], partitions(12));
    const prev = (id: string) => before.get(id)!;
    const after = assignSticky(
      [member('a', prev('a')), member('b', prev('b')), member('c', prev('c')), member('d')],
      partitions(12),
    );
    expect(after.get('d')![T]).toHaveLength(3);
    expect(moved(before, after)).toBe(3);
  });

  it('should move only the leaver partitions when a member leaves', () => {
    const before = assignSticky(
      ['a', 'b', 'c', 'd'].map((id) => member(id)),
      partitions(12),
    );
    const after = assignSticky(
      ['a', 'b', 'c'].map((id) => member(id, before.get(id))),
      partitions(12),
    );
    for (const id of ['a', 'b', 'c'])
      expect(after.get(id)![T]).toEqual(expect.arrayContaining(before.get(id)![T]));
    expect(moved(before, after)).toBe(3);
  });

  it('should give a partition claimed twice to one member only', () => {
    const result = assignSticky(
      [member('a', { [T]: [0, 1] }), member('b', { [T]: [1, 2] })],
      partitions(4),
    );
    const all = [...result.values()].flatMap((tp) => tp[T]);
    expect(all.sort()).toEqual([0, 1, 2, 3]);
  });

  it('should not assign a topic to a member not subscribed to it', () => {
    const other = { memberId: 'x', topics: ['other'], previous: { [T]: [0] } };
    const result = assignSticky(
      [member('a'), other],
      new Map([
        [T, [0, 1]],
        ['other', [0]],
      ]),
    );
    expect(result.get('a')).toEqual({ [T]: [0, 1] });
    expect(result.get('x')).toEqual({ other: [0] });
  });
});
