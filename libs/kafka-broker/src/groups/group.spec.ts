import { Group } from './group';
import type { JoinRequestData } from './types';

const protocols = [{ name: 'range', metadata: Buffer.from('m') }];

function joinRequest(memberId = '', extra: Partial<JoinRequestData> = {}): JoinRequestData {
  return {
    groupId: 'g',
    memberId,
    groupInstanceId: null,
    sessionTimeoutMs: 1000,
    rebalanceTimeoutMs: 2000,
    protocolType: 'consumer',
    protocols,
    clientId: 'c',
    clientHost: '127.0.0.1',
    ...extra,
  };
}

/** A group whose clock the test moves by hand. */
function setup() {
  let now = 0;
  const group = new Group('g', 0);
  return { group, clock: { get: () => now, advance: (ms: number) => (now += ms) } };
}

describe('Group state machine', () => {
  it('forms generation 1 with the first member as leader, then becomes Stable on SyncGroup', async () => {
    const { group } = setup();
    const joined = await group.join(joinRequest(), 0);
    expect(joined).toMatchObject({ error: 'NONE', generationId: 1, protocolName: 'range' });
    expect(joined.leader).toBe(joined.memberId);
    expect(joined.members).toHaveLength(1);
    expect(group.state).toBe('CompletingRebalance');
    const assignment = new Map([[joined.memberId, Buffer.from('p0')]]);
    expect(await group.sync(joined.memberId, 1, assignment, 0)).toEqual({
      error: 'NONE',
      assignment: Buffer.from('p0'),
    });
    expect(group.state).toBe('Stable');
  });

  it('tells the existing member to rejoin when another joins, and completes when both have', async () => {
    const { group } = setup();
    const a = await group.join(joinRequest(), 0);
    await group.sync(a.memberId, 1, new Map(), 0);
    const bJoin = group.join(joinRequest(), 10);
    expect(group.state).toBe('PreparingRebalance');
    expect(group.heartbeat(a.memberId, 1, 10)).toBe('REBALANCE_IN_PROGRESS');
    expect(group.checkCommit(a.memberId, 1)).toBe('NONE'); // commits still allowed (Kafka does too)
    const aAgain = await group.join(joinRequest(a.memberId), 20);
    const b = await bJoin;
    expect([aAgain.generationId, b.generationId]).toEqual([2, 2]);
    expect(aAgain.members).toHaveLength(2); // the leader gets everyone's metadata
    expect(b.members).toHaveLength(0);
    expect(group.heartbeat(a.memberId, 1, 30)).toBe('ILLEGAL_GENERATION');
    expect(group.checkCommit(a.memberId, 2)).toBe('REBALANCE_IN_PROGRESS'); // awaiting sync
    const followerSync = group.sync(b.memberId, 2, new Map(), 30);
    await group.sync(a.memberId, 2, new Map([[b.memberId, Buffer.from('b')]]), 30);
    expect((await followerSync).assignment).toEqual(Buffer.from('b'));
  });

  it('expires a silent member after its session timeout and rebalances the rest', async () => {
    const { group, clock } = setup();
    const a = await group.join(joinRequest(), 0);
    const bJoin = group.join(joinRequest(), 0);
    await group.join(joinRequest(a.memberId), 0);
    const b = await bJoin;
    await Promise.all([
      group.sync(b.memberId, 2, new Map(), 0),
      group.sync(a.memberId, 2, new Map(), 0),
    ]);
    clock.advance(900);
    expect(group.heartbeat(a.memberId, 2, clock.get())).toBe('NONE');
    clock.advance(500); // b has now been silent for 1400 ms > 1000 ms
    group.tick(clock.get());
    expect(group.members.has(b.memberId)).toBe(false);
    expect(group.heartbeat(b.memberId, 2, clock.get())).toBe('UNKNOWN_MEMBER_ID');
    expect(group.heartbeat(a.memberId, 2, clock.get())).toBe('REBALANCE_IN_PROGRESS');
    const rejoined = await group.join(joinRequest(a.memberId), clock.get());
    expect(rejoined.generationId).toBe(3);
  });

  it('drops members that do not rejoin before the rebalance timeout', async () => {
    const { group, clock } = setup();
    const a = await group.join(joinRequest(), 0);
    await group.sync(a.memberId, 1, new Map(), 0);
    const bJoin = group.join(joinRequest(), 0);
    for (let t = 0; t <= 2100; t += 100) {
      clock.advance(100);
      group.heartbeat(a.memberId, 1, clock.get()); // alive, but never rejoins
      group.tick(clock.get());
    }
    const b = await bJoin;
    expect(b).toMatchObject({ error: 'NONE', generationId: 2 });
    expect([...group.members.keys()]).toEqual([b.memberId]);
  });

  it('rejects unknown members, mismatched protocols and bad generations', async () => {
    const { group } = setup();
    expect((await group.join(joinRequest('ghost'), 0)).error).toBe('UNKNOWN_MEMBER_ID');
    const a = await group.join(joinRequest(), 0);
    const other = [{ name: 'roundrobin', metadata: Buffer.alloc(0) }];
    expect((await group.join(joinRequest('', { protocols: other }), 0)).error).toBe(
      'INCONSISTENT_GROUP_PROTOCOL',
    );
    expect((await group.sync(a.memberId, 7, new Map(), 0)).error).toBe('ILLEGAL_GENERATION');
    expect((await group.sync('ghost', 1, new Map(), 0)).error).toBe('UNKNOWN_MEMBER_ID');
    expect(group.checkCommit('', -1)).toBe('UNKNOWN_MEMBER_ID'); // group has members
  });

  it('returns to Empty when the last member leaves, allowing generation-less commits', async () => {
    const { group } = setup();
    const a = await group.join(joinRequest(), 0);
    expect(group.leave(a.memberId, 0)).toBe('NONE');
    expect(group.state).toBe('Empty');
    expect(group.leave(a.memberId, 0)).toBe('UNKNOWN_MEMBER_ID');
    expect(group.checkCommit('', -1)).toBe('NONE');
  });
});
