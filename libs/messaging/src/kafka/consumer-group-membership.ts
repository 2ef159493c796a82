import type { Consumer } from 'kafkajs';

/** Where one consumer stands in its group, as its own instrumentation events tell it. */
export type MembershipPhase = 'not-joined' | 'joined' | 'rebalancing' | 'crashed' | 'stopped';

/** Partitions by topic. */
export type Assignment = Readonly<Record<string, readonly number[]>>;

export interface MembershipSnapshot {
  readonly phase: MembershipPhase;
  readonly memberId?: string;
  /** The partitions of the last join (kept while rebalancing: they are still being consumed). */
  readonly assignment: Assignment;
  readonly partitions: number;
  /** Why the consumer crashed or stopped. */
  readonly error?: string;
  /** kafkajs restarts the consumer after this crash. */
  readonly restarting?: boolean;
}

/** The part of a kafkajs consumer the tracker listens to. */
export type MembershipEvents = Pick<Consumer, 'on' | 'events'>;

/**
 * Follows one kafkajs consumer's group membership from its instrumentation events, so readiness
 * can answer without a broker round trip. Listening starts before `run()` (the first join), which
 * is why it is attached on the consumer's connect.
 */
export class ConsumerGroupMembership {
  private phase: MembershipPhase = 'not-joined';
  private memberId?: string;
  private assignment: Assignment = {};
  private error?: string;
  private restarting?: boolean;
  private removers: Array<() => void> = [];
  private attached?: MembershipEvents;

  /** Listens to `consumer`; attaching the same consumer again is a no-op. */
  attach(consumer: MembershipEvents): void {
    if (this.attached === consumer) return;
    this.detach();
    this.attached = consumer;
    const { events } = consumer;
    this.removers = [
      consumer.on(events.GROUP_JOIN, ({ payload }) => {
        this.set('joined', { memberId: payload.memberId });
        this.assignment = copy(payload.memberAssignment);
      }),
      consumer.on(events.REBALANCING, () => this.set('rebalancing')),
      consumer.on(events.STOP, () => this.set('stopped', { error: 'consumer stopped' })),
      // kafkajs emits CRASH after its own disconnect (STOP, DISCONNECT): the cause wins.
      consumer.on(events.CRASH, ({ payload }) =>
        this.set('crashed', { error: payload.error.message, restarting: payload.restart }),
      ),
    ];
  }

  detach(): void {
    for (const remove of this.removers) remove();
    this.removers = [];
    this.attached = undefined;
  }

  snapshot(): MembershipSnapshot {
    const partitions = Object.values(this.assignment).reduce((n, ps) => n + ps.length, 0);
    return {
      phase: this.phase,
      memberId: this.memberId,
      assignment: this.assignment,
      partitions,
      error: this.error,
      restarting: this.restarting,
    };
  }

  private set(
    phase: MembershipPhase,
    extra: { memberId?: string; error?: string; restarting?: boolean } = {},
  ): void {
    this.phase = phase;
    if (extra.memberId !== undefined) this.memberId = extra.memberId;
    this.error = extra.error;
    this.restarting = extra.restarting;
    // A stopped or crashed member owns nothing until it joins again.
    if (phase === 'stopped' || phase === 'crashed') this.assignment = {};
  }
}

function copy(assignment: Assignment): Assignment {
  return Object.fromEntries(Object.entries(assignment).map(([t, ps]) => [t, [...ps]]));
}
