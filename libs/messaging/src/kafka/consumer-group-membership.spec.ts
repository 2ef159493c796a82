import { EventEmitter } from 'node:events';
import { ConsumerGroupMembership, MembershipEvents } from './consumer-group-membership';

const events = {
  GROUP_JOIN: 'consumer.group_join',
  REBALANCING: 'consumer.rebalancing',
  STOP: 'consumer.stop',
  CRASH: 'consumer.crash',
} as const;

/** The instrumentation surface of a kafkajs consumer, driven by hand. */
function fakeConsumer() {
  const emitter = new EventEmitter();
  const consumer = {
    events,
    on: (name: string, listener: (e: { payload: unknown }) => void) => {
      emitter.on(name, listener);
      return () => emitter.off(name, listener);
    },
  } as unknown as MembershipEvents;
  const emit = (name: string, payload: unknown) => emitter.emit(name, { payload });
  return { consumer, emit, listeners: () => emitter.eventNames().length };
}

const join = (memberAssignment: Record<string, number[]>) => ({
  memberId: 'shop-1',
  memberAssignment,
});

describe('ConsumerGroupMembership', () => {
  it('is not joined until the first group join', () => {
    const membership = new ConsumerGroupMembership();
    const { consumer } = fakeConsumer();
    membership.attach(consumer);
    expect(membership.snapshot()).toMatchObject({ phase: 'not-joined', partitions: 0 });
  });

  it('counts the partitions of the last join and keeps them while rebalancing', () => {
    const membership = new ConsumerGroupMembership();
    const { consumer, emit } = fakeConsumer();
    membership.attach(consumer);
    emit(events.GROUP_JOIN, join({ 'orders.created': [0, 1], 'orders.created.retry.1': [0] }));
    expect(membership.snapshot()).toMatchObject({
      phase: 'joined',
      memberId: 'shop-1',
      partitions: 3,
    });
    emit(events.REBALANCING, { groupId: 'shop', memberId: 'shop-1' });
    expect(membership.snapshot()).toMatchObject({ phase: 'rebalancing', partitions: 3 });
    emit(events.GROUP_JOIN, join({ 'orders.created': [1] }));
    expect(membership.snapshot()).toMatchObject({ phase: 'joined', partitions: 1 });
  });

  it('owns nothing after a crash (the cause wins over the stop kafkajs emits first), until it joins again', () => {
    const membership = new ConsumerGroupMembership();
    const { consumer, emit } = fakeConsumer();
    membership.attach(consumer);
    emit(events.GROUP_JOIN, join({ 'orders.created': [0] }));
    emit(events.STOP, null);
    emit(events.CRASH, { error: new Error('broker gone'), groupId: 'shop', restart: true });
    expect(membership.snapshot()).toMatchObject({
      phase: 'crashed',
      partitions: 0,
      error: 'broker gone',
      restarting: true,
    });
    emit(events.GROUP_JOIN, join({ 'orders.created': [0] }));
    expect(membership.snapshot()).toMatchObject({ phase: 'joined', partitions: 1 });
    expect(membership.snapshot().error).toBeUndefined();
  });

  it('attaches once per consumer and stops listening on detach', () => {
    const membership = new ConsumerGroupMembership();
    const fake = fakeConsumer();
    membership.attach(fake.consumer);
    membership.attach(fake.consumer);
    expect(fake.listeners()).toBe(4);
    membership.detach();
    expect(fake.listeners()).toBe(0);
  });
});
