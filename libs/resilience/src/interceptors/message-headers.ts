import type { HeaderBag } from '../deadline/headers';

const isBag = (value: unknown): value is HeaderBag => typeof value === 'object' && value !== null;

/**
 * Headers of the message behind an RPC context, read by shape so this lib needs neither
 * transport: `KafkaContext.getMessage().headers` or `RmqContext.getMessage().properties.headers`.
 * @internal
 */
export function messageHeaders(rpcContext: unknown): HeaderBag | undefined {
  if (!isBag(rpcContext)) return undefined;
  const getMessage = rpcContext.getMessage;
  if (typeof getMessage !== 'function') return undefined;
  const message: unknown = getMessage.call(rpcContext);
  if (!isBag(message)) return undefined;
  if (isBag(message.headers)) return message.headers;
  const properties = message.properties;
  return isBag(properties) && isBag(properties.headers) ? properties.headers : undefined;
}
