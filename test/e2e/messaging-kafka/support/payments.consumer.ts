import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import { RetryPolicy } from '@bulwark/messaging';
import { KafkaMessageContext } from '@bulwark/messaging/kafka';

export const PAYMENTS_TOPIC = 'payments';
export const INVOICES_TOPIC = 'invoices';

/** One handler call as the test sees it. */
export interface Attempt {
  readonly key: string;
  readonly topic: string;
  readonly attempt: number;
  readonly messageId: string;
  readonly ok: boolean;
}

/** Shared with the test: which keys fail, and every call made. */
export const payments = { failing: new Set<string>(), attempts: [] as Attempt[] };

/** A handler that throws for the keys in `payments.failing`. */
@Controller()
export class PaymentsConsumer {
  @EventPattern<string>(PAYMENTS_TOPIC)
  @RetryPolicy({ attempts: 3, backoff: ['200ms', '400ms'], dlq: true })
  async onPayment(@Payload() body: { key: string }, @Ctx() ctx: KafkaMessageContext) {
    const ok = !payments.failing.has(body.key);
    payments.attempts.push({
      key: body.key,
      topic: ctx.getTopic(),
      attempt: ctx.getAttempt(),
      messageId: ctx.getMessageId(),
      ok,
    });
    if (!ok) throw new Error(`card declined for ${body.key}`);
  }

  @EventPattern<string>(INVOICES_TOPIC)
  @RetryPolicy({ attempts: 3, backoff: ['200ms', '400ms'], dlq: true })
  async onInvoice(@Payload() body: { key: string }, @Ctx() ctx: KafkaMessageContext) {
    payments.attempts.push({
      key: body.key,
      topic: ctx.getTopic(),
      attempt: ctx.getAttempt(),
      messageId: ctx.getMessageId(),
      ok: true,
    });
  }
}
