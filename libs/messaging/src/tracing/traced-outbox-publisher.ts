import type { OutboxPublisher, OutboxRecord } from '../outbox/outbox-publisher.interface';
import { endAfter, messagingTracer, type MessagingTracing } from './messaging-tracer';

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
  const tracing = messagingTracer();
  return tracing ? new TracedOutboxPublisher(publisher, tracing) : publisher;
}

class TracedOutboxPublisher implements OutboxPublisher {
  readonly transport: OutboxPublisher['transport'];

  constructor(
    private readonly inner: OutboxPublisher,
    private readonly tracing: MessagingTracing,
  ) {
    this.transport = inner.transport;
  }

  send(record: OutboxRecord): Promise<void> {
    const { tracer, api } = this.tracing;
    const parent = api.propagation.extract(api.ROOT_CONTEXT, record.headers);
    const span = tracer.startSpan(
      `${record.destination} publish`,
      {
        kind: api.SpanKind.PRODUCER,
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
    api.propagation.inject(api.trace.setSpan(parent, span), headers);
    return endAfter(this.tracing, span, this.inner.send({ ...record, headers }));
  }
}
