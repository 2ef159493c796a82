import type { TextMapGetter } from '@opentelemetry/api';
import type { IHeaders } from 'kafkajs';
import { MessagePipeline, type Delivery } from '../kafka/message-pipeline';
import { MESSAGE_ID_HEADER } from '@bulwark/common';
import { endAfter, messagingTracer, type MessagingTracing } from './messaging-tracer';

/** Reads W3C trace context out of kafkajs headers, whose values arrive as Buffers. */
const kafkaHeaders: TextMapGetter<IHeaders> = {
  keys: (carrier) => Object.keys(carrier),
  get(carrier, key) {
    const raw = carrier[key];
    if (raw === undefined) return undefined;
    return Array.isArray(raw) ? raw.map((v) => v.toString()) : raw.toString();
  },
};

/**
 * A plain `MessagePipeline` when tracing is off (so the consumer's per-message path is exactly
 * the untraced one), else one that handles each message inside a CONSUMER span continuing the
 * producer's trace from the message's `traceparent` header.
 * @internal
 */
export function createMessagePipeline(
  ...args: ConstructorParameters<typeof MessagePipeline>
): MessagePipeline {
  const tracing = messagingTracer();
  return tracing ? new TracedMessagePipeline(tracing, ...args) : new MessagePipeline(...args);
}

class TracedMessagePipeline extends MessagePipeline {
  readonly #tracing: MessagingTracing;

  constructor(tracing: MessagingTracing, ...args: ConstructorParameters<typeof MessagePipeline>) {
    super(...args);
    this.#tracing = tracing;
  }

  override process(delivery: Delivery): Promise<void> {
    const { topic, partition, message } = delivery;
    const headers = message.headers ?? {};
    const { tracer, api } = this.#tracing;
    const parent = api.propagation.extract(api.ROOT_CONTEXT, headers, kafkaHeaders);
    const messageId = kafkaHeaders.get(headers, MESSAGE_ID_HEADER);
    const span = tracer.startSpan(
      `${topic} process`,
      {
        kind: api.SpanKind.CONSUMER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.operation.type': 'process',
          'messaging.destination.name': topic,
          'messaging.destination.partition.id': String(partition),
          'messaging.kafka.offset': Number(message.offset),
          ...(typeof messageId === 'string' ? { 'messaging.message.id': messageId } : {}),
        },
      },
      parent,
    );
    // The handler runs in the span's context: its Postgres queries and any event it writes to
    // the outbox belong to this trace.
    const work = api.context.with(api.trace.setSpan(parent, span), () => super.process(delivery));
    return endAfter(this.#tracing, span, work);
  }
}
