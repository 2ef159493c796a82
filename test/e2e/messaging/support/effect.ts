import { Controller, Inject } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { Column, DataSource, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { InboxService } from '@bulwark/messaging';
import { type RabbitMqMessageContext } from '@bulwark/messaging/rabbitmq';

/** One row per applied message; no unique key, so a double effect would show up as a count. */
@Entity({ name: 'effect' })
export class Effect {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'message_id' })
  messageId: string;
}

/** Injection token of the test's DataSource. */
export const TEST_DATA_SOURCE = 'TEST_DATA_SOURCE';

/** Consumer of queue `work`: inbox row + effect row in one transaction, as the shop will do. */
@Controller()
export class EffectConsumer {
  static poisonId?: string;
  /** Delay before the effect, so a test can kill the process while it holds unacked messages. */
  static holdMs = 0;
  /** Called on every delivery (the crash fixture reports it on stdout). */
  static onDelivery?: (messageId: string) => void;
  private readonly inbox = new InboxService();

  constructor(@Inject(TEST_DATA_SOURCE) private readonly dataSource: DataSource) {}

  @EventPattern<string>('work')
  async handle(@Payload() _body: unknown, @Ctx() ctx: RabbitMqMessageContext): Promise<void> {
    const id = ctx.getMessageId()!;
    EffectConsumer.onDelivery?.(id);
    if (id === EffectConsumer.poisonId) throw new Error(`poison ${id}`);
    if (EffectConsumer.holdMs > 0) await new Promise((r) => setTimeout(r, EffectConsumer.holdMs));
    await this.inbox.processOnce(this.dataSource, 'work', id, (m) =>
      m.insert(Effect, { messageId: id }),
    );
  }
}

/** Effect rows and distinct message ids, to compare with what was published. */
export async function countEffects(dataSource: DataSource, schema: string) {
  const [row] = await dataSource.query(
    `SELECT count(*)::int AS total, count(DISTINCT message_id)::int AS distinct FROM "${schema}".effect`,
  );
  return row as { total: number; distinct: number };
}

/** Runs `task(i)` for i in [0, n) with at most `window` in flight (pipelined confirms). */
export async function windowed(n: number, window: number, task: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: Math.min(window, n) }, worker));
}
