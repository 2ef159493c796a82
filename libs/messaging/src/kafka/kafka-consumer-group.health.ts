import { healthIndicators } from '@bulwark/common';
import { Injectable, OnModuleDestroy } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import { KafkaServer } from './kafka-server';
import type { Consumer, Kafka, Producer } from 'kafkajs';
import type { Subscription } from 'rxjs';
import { ConsumerGroupMembership } from './consumer-group-membership';

/**
 * Readiness of this instance's Kafka consumer: it has joined its group and received its
 * assignment (an empty one makes it a standby, still ready). Before the first join, after a crash or once stopped it reports `down` with the
 * reason. While the group rebalances it stays `up` on its last assignment (flagged
 * `rebalancing`): a rolling deploy rebalances every member at once, and failing them all together
 * would take the whole fleet out of the load balancer. Reads in-memory state; never throws.
 * Needs `@nestjs/terminus` (an optional peer) only when `check` runs.
 */
@Injectable()
export class KafkaConsumerGroupHealthIndicator implements OnModuleDestroy {
  private readonly membership = new ConsumerGroupMembership();
  private readonly subscription: Subscription;
  private readonly health = healthIndicators('KafkaConsumerGroupHealthIndicator');

  constructor(private readonly server: KafkaServer) {
    // Subscribed at construction, not in a lifecycle hook: main.ts starts the microservices (and
    // the consumer joins) before app.init() runs onModuleInit. The consumer exists only once the
    // server listens, and it connects before run() joins, so attaching on 'connected' sees the
    // first join.
    this.subscription = this.server.status.subscribe((status) => {
      if (status === 'connected') this.attach();
    });
  }

  onModuleDestroy(): void {
    this.subscription.unsubscribe();
    this.membership.detach();
  }

  check<const Key extends string>(key: Key): HealthIndicatorResult<Key> {
    const session = this.health.check(key);
    const groupId = this.server.getGroupId();
    const m = this.membership.snapshot();
    switch (m.phase) {
      case 'not-joined':
        return session.down({ groupId, message: `consumer group "${groupId}" not joined yet` });
      case 'crashed':
        return session.down({
          groupId,
          message: `consumer crashed: ${m.error}`,
          restarting: m.restarting === true,
        });
      case 'stopped':
        return session.down({ groupId, message: 'consumer stopped' });
      case 'joined':
      case 'rebalancing': {
        const details = {
          groupId,
          memberId: m.memberId,
          partitions: m.partitions,
          assignment: m.assignment,
          rebalancing: m.phase === 'rebalancing',
        };
        if (m.partitions > 0) return session.up(details);
        // A joined member without partitions is a standby (more instances than partitions): its
        // HTTP side serves as well as any other, and it takes over partitions when a member
        // leaves. Failing readiness would pull healthy instances out of the load balancer.
        return session.up({
          ...details,
          idle: true,
          message: `member of "${groupId}" has no partition assigned (standby: more members than partitions)`,
        });
      }
    }
  }

  private attach(): void {
    try {
      const [, consumer] = this.server.unwrap<[Kafka, Consumer | null, Producer | null]>();
      if (consumer) this.membership.attach(consumer);
    } catch {
      // Not listening (yet): the next 'connected' attaches.
    }
  }
}
