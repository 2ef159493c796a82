import { propagation, ROOT_CONTEXT, SpanKind, trace, type Tracer } from '@opentelemetry/api';
import type { OutboxPublisher, OutboxRecord } from '../outbox/outbox-publisher.interface';
import { endAfter, messagingTracer } from './messaging-tracer';

/** Where each transport's key goes, in OpenTelemetry's messaging conventions. */
const KEY_ATTRIBUTE: Readonly<Record<OutboxPublisher['transport'], string>> = {
  kafka: 'messaging.kafka.message.key',
  rabbitmq: 'messaging.rabbitmq.destination.routing_key',
};

/**
 * The publisher itself when tracing is off; otherwise one that sends each row inside a PRODUCER
 * span. The span's parent is the context the row was written in (its `traceparent` header, see
 * `withTraceContext`), and the span's own context replaces it in the sent headers, so the
 * consumer's span is a child of this publish and the whole chain is one trace.
 * @internal
 */
export function tracedOutboxPublisher(publisher: OutboxPublisher): OutboxPublisher {
  const tracer = messagingTracer();
  return tracer ? new TracedOutboxPublisher(publisher, tracer) : publisher;
}

class TracedOutboxPublisher implements OutboxPublisher {
  readonly transport: OutboxPublisher['transport'];

  constructor(
    private readonly inner: OutboxPublisher,
    private readonly tracer: Tracer,
  ) {
    this.transport = inner.transport;
  }

  send(record: OutboxRecord): Promise<void> {
    const parent = propagation.extract(ROOT_CONTEXT, record.headers);
    const span = this.tracer.startSpan(
      `${record.destination} publish`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': this.transport,
          'messaging.operation.type': 'send',
          'messaging.destination.name': record.destination,
          'messaging.message.id': record.id,
          ...(record.key === null ? {} : { [KEY_ATTRIBUTE[this.transport]]: record.key }),
        },
      },
      parent,
    );
    const headers: Record<string, string> = { ...record.headers };
    propagation.inject(trace.setSpan(parent, span), headers);
    return endAfter(span, this.inner.send({ ...record, headers }));
  }
}
