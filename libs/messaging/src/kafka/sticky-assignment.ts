/** Partitions per topic, e.g. `{ 'orders.created': [0, 3, 5] }`. */
export type TopicPartitions = Record<string, number[]>;

/** One group member as the sticky algorithm sees it. */
export interface StickyMember {
  readonly memberId: string;
  readonly topics: readonly string[];
  /** What the member owned before this rebalance (from its userData). */
  readonly previous: Readonly<TopicPartitions>;
}

type Owned = Map<string, Array<[string, number]>>;

/**
 * Balanced assignment that moves as few partitions as possible: every member keeps what it owned
 * (if still subscribed and unclaimed), members over their fair share give up only the excess, and
 * free partitions go to the least-loaded eligible member. Pure, so it is unit-tested directly.
 */
export function assignSticky(
  members: readonly StickyMember[],
  partitions: ReadonlyMap<string, readonly number[]>,
): Map<string, TopicPartitions> {
  const sorted = [...members].sort((a, b) => a.memberId.localeCompare(b.memberId));
  const owned: Owned = new Map(sorted.map((m) => [m.memberId, []]));
  const free = keepPrevious(sorted, partitions, owned);
  const total = [...partitions.values()].reduce((n, ps) => n + ps.length, 0);
  const caps = quotas(sorted, owned, total);
  for (const m of sorted) free.push(...owned.get(m.memberId)!.splice(caps.get(m.memberId)!));
  free.sort(([ta, pa], [tb, pb]) => ta.localeCompare(tb) || pa - pb);
  for (const tp of free) giveToLeastLoaded(tp, sorted, owned, caps);
  return new Map(
    [...owned].map(([id, tps]) => {
      const result: TopicPartitions = {};
      for (const [t, p] of tps) (result[t] ??= []).push(p);
      for (const ps of Object.values(result)) ps.sort((a, b) => a - b);
      return [id, result];
    }),
  );
}

/** Gives members their previous partitions back; returns the ones nobody can keep. */
function keepPrevious(
  members: readonly StickyMember[],
  partitions: ReadonlyMap<string, readonly number[]>,
  owned: Owned,
): Array<[string, number]> {
  const claimed = new Set<string>();
  for (const m of members) {
    for (const [topic, ps] of Object.entries(m.previous)) {
      if (!m.topics.includes(topic)) continue;
      for (const p of ps) {
        const id = `${topic}\u0000${p}`;
        if (!partitions.get(topic)?.includes(p) || claimed.has(id)) continue;
        claimed.add(id);
        owned.get(m.memberId)!.push([topic, p]);
      }
    }
  }
  const free: Array<[string, number]> = [];
  for (const [topic, ps] of partitions) {
    for (const p of ps) if (!claimed.has(`${topic}\u0000${p}`)) free.push([topic, p]);
  }
  return free;
}

/** floor(N/M) each; the `N % M` members already holding the most get one more (fewer moves). */
function quotas(members: readonly StickyMember[], owned: Owned, total: number) {
  const base = Math.floor(total / Math.max(1, members.length));
  let extra = total - base * members.length;
  const byLoad = [...members].sort(
    (a, b) => owned.get(b.memberId)!.length - owned.get(a.memberId)!.length,
  );
  const caps = new Map<string, number>();
  for (const m of byLoad) caps.set(m.memberId, base + (extra-- > 0 ? 1 : 0));
  return caps;
}

function giveToLeastLoaded(
  tp: [string, number],
  members: readonly StickyMember[],
  owned: Owned,
  caps: Map<string, number>,
): void {
  const eligible = members.filter((m) => m.topics.includes(tp[0]));
  if (eligible.length === 0) return;
  const load = (m: StickyMember) => owned.get(m.memberId)!.length;
  const under = eligible.filter((m) => load(m) < caps.get(m.memberId)!);
  // With uneven subscriptions a member may be full while the partition still needs an owner.
  const pool = under.length > 0 ? under : eligible;
  const target = pool.reduce((best, m) => (load(m) < load(best) ? m : best));
  owned.get(target.memberId)!.push(tp);
}
